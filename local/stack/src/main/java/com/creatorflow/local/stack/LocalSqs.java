package com.creatorflow.local.stack;

import java.net.URI;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embedded ElasticMQ speaking the SQS API on loopback. ElasticMQ leaves non-daemon threads behind, so every owner
 * closes it in a {@code finally} (or try-with-resources).
 */
public final class LocalSqs implements AutoCloseable {
    /** The account id that local queue URLs and ARNs use. */
    public static final String ACCOUNT_ID = "000000000000";
    private static final Logger LOG = LoggerFactory.getLogger(LocalSqs.class);

    private final SQSRestServer server;
    private final int port;

    private LocalSqs(SQSRestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts ElasticMQ on the given port, or a free one when the port is 0. */
    public static LocalSqs start(int port, String region) {
        if (port != 0 && !FreePorts.isFree(port)) {
            throw new PortInUseException("ElasticMQ (SQS)", port);
        }
        var builder = port == 0 ? SQSRestServerBuilder.withDynamicPort() : SQSRestServerBuilder.withPort(port);
        SQSRestServer server = builder.withInterface("127.0.0.1").withAWSRegion(region)
                .withAWSAccountId(ACCOUNT_ID).start();
        try {
            int bound = server.waitUntilStarted().localAddress().getPort();
            LOG.info("ElasticMQ listening on http://127.0.0.1:{}", bound);
            return new LocalSqs(server, bound);
        } catch (RuntimeException e) {
            server.stopAndWait();
            throw e;
        }
    }

    /** The HTTP endpoint to give the SQS client. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
