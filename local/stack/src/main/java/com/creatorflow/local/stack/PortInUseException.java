package com.creatorflow.local.stack;

/** A local server could not start because its configured port is taken; the message names the port and the way out. */
public final class PortInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the error for the named server and port. */
    public PortInUseException(String server, int port) {
        super(server + " cannot listen on port " + port + ": the port is in use by another program. "
                + "Stop that program or choose another port (see --help).");
    }
}
