package com.creatorflow.local.stack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Dynoxide server running as a supervised child process on a free loopback port.
 *
 * <p>The child is started through a small shell guard that watches the JVM's pipe to it: when the JVM goes away for
 * any reason (normal exit, Ctrl-C, crash, kill -9) the pipe closes and the guard stops Dynoxide, so no orphan
 * survives. A shutdown hook also stops it on a normal exit.
 */
public final class Dynoxide implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dynoxide.class);
    private static final String GUARD = "exec 3<&0; \"$@\" </dev/null & child=$!; "
            + "( cat <&3 >/dev/null; kill -TERM $child 2>/dev/null ) & watcher=$!; "
            + "wait $child; code=$?; kill $watcher 2>/dev/null; exit $code";
    private static final int START_ATTEMPTS = 5;

    private final Process process;
    private final int port;
    private final Path dbPath;
    private final Thread shutdownHook;

    private Dynoxide(Process process, int port, Path dbPath) {
        this.process = process;
        this.port = port;
        this.dbPath = dbPath;
        this.shutdownHook = new Thread(this::stop, "dynoxide-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts an in-memory server: data is gone when it stops (tests). */
    public static Dynoxide startInMemory() {
        return start(null, 0);
    }

    /**
     * Starts a server.
     *
     * @param dbPath the SQLite file for durable data, or null for in memory
     * @param port the port to listen on, or 0 for a free one
     */
    public static Dynoxide start(Path dbPath, int port) {
        Path binary = DynoxideInstaller.binary();
        if (dbPath != null) {
            try {
                Files.createDirectories(dbPath.toAbsolutePath().getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (port != 0 && !FreePorts.isFree(port)) {
            throw new PortInUseException("Dynoxide", port);
        }
        IllegalStateException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int chosen = port != 0 ? port : FreePorts.pick();
            try {
                return launch(binary, dbPath, chosen);
            } catch (IllegalStateException e) {
                last = e;
                if (port != 0) {
                    break;
                }
            }
        }
        throw last;
    }

    private static Dynoxide launch(Path binary, Path dbPath, int port) {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", GUARD, "dynoxide-guard",
                binary.toString(), "serve", "--host", "127.0.0.1", "--port", Integer.toString(port)));
        if (dbPath != null) {
            command.add("--db-path");
            command.add(dbPath.toAbsolutePath().toString());
        }
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + binary, e);
        }
        List<String> output = new ArrayList<>();
        Thread pump = new Thread(() -> pump(process, output), "dynoxide-output-" + port);
        pump.setDaemon(true);
        pump.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Dynoxide exited with " + process.exitValue() + " on port " + port
                        + ": " + String.join(" | ", snapshot(output)));
            }
            if (accepts(port)) {
                if (dbPath != null) {
                    DynoxideStreamRecords.index(dbPath);
                }
                Dynoxide server = new Dynoxide(process, port, dbPath);
                LOG.info("Dynoxide listening on {} ({})", server.endpoint(), dbPath == null ? "in memory" : dbPath);
                return server;
            }
            sleep(10);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Dynoxide did not accept connections on port " + port + " within 20 s");
    }

    private static void pump(Process process, List<String> output) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (output) {
                    if (output.size() < 50) {
                        output.add(line);
                    }
                }
                LOG.debug("dynoxide: {}", line);
            }
        } catch (IOException ignored) {
            // the process ended; nothing more to read
        }
    }

    private static List<String> snapshot(List<String> output) {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Dynoxide", e);
        }
    }

    /** The HTTP endpoint to give the DynamoDB client. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** The SQLite file, or null when in memory. */
    public Path dbPath() {
        return dbPath;
    }

    /**
     * Deletes a table's stream records older than {@code before} that every reader has read ({@code readUpTo}, a
     * sequence number), as DynamoDB Streams' retention does; nothing in memory, where records never pile up for long.
     *
     * @return the number of records deleted
     */
    public int trimStreamRecords(String table, long readUpTo, Instant before) {
        return dbPath == null ? 0 : DynoxideStreamRecords.trim(dbPath, table, readUpTo, before);
    }

    /** The operating-system process id of the guard that owns the server (for diagnostics and tests). */
    public long pid() {
        return process.pid();
    }

    /** True while the server process runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran: nothing to remove
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // closing the pipe is the signal; an error means it is already closed
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
