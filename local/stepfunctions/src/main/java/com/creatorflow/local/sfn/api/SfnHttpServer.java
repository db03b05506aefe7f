package com.creatorflow.local.sfn.api;

import com.creatorflow.local.sfn.engine.SfnException;
import com.creatorflow.local.sfn.engine.StepFunctionsEngine;
import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's HTTP endpoint: the Step Functions JSON 1.0 protocol ({@code POST /} with
 * {@code X-Amz-Target: AWSStepFunctions.<Operation>}), bound to the loopback address. Point {@code SfnClient}'s
 * {@code endpointOverride} or {@code aws stepfunctions --endpoint-url} at {@link #endpoint()}.
 */
public final class SfnHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SfnHttpServer.class);
    private static final String TARGET_PREFIX = "AWSStepFunctions.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

    private final HttpServer server;
    private final ExecutorService executor;
    private final SfnApi api;

    private SfnHttpServer(HttpServer server, ExecutorService executor, SfnApi api) {
        this.server = server;
        this.executor = executor;
        this.api = api;
    }

    /**
     * Starts serving the engine.
     *
     * @param port the port (0 = a free one)
     * @param threads request threads
     */
    public static SfnHttpServer start(StepFunctionsEngine engine, int port, int threads) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port + " for the Step Functions API", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "sfn-api");
            thread.setDaemon(true);
            return thread;
        });
        SfnHttpServer api = new SfnHttpServer(server, executor, new SfnApi(engine));
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        return api;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The endpoint URL for SDKs and the CLI. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port());
    }

    private void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString();
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            ObjectNode response;
            int status = 200;
            try {
                if (!"POST".equals(exchange.getRequestMethod()) || target == null
                        || !target.startsWith(TARGET_PREFIX)) {
                    throw new SfnException("UnknownOperationException",
                            "Expected a POST with X-Amz-Target: AWSStepFunctions.<Operation>");
                }
                JsonNode request = body.length == 0 ? JsonValues.NODES.objectNode() : JsonValues.parse(body);
                response = api.call(target.substring(TARGET_PREFIX.length()), request);
            } catch (SfnException e) {
                status = 400;
                response = error(e.code(), e.getMessage());
                exchange.getResponseHeaders().add("x-amzn-ErrorType", e.code());
            } catch (IllegalArgumentException e) {
                status = 400;
                response = error("SerializationException", e.getMessage());
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "SerializationException");
            } catch (RuntimeException e) {
                LOG.error("Step Functions API request {} failed", target, e);
                status = 500;
                response = error("InternalFailure", String.valueOf(e.getMessage()));
            }
            byte[] out = JsonValues.bytes(response);
            exchange.getResponseHeaders().add("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders().add("x-amzn-RequestId", requestId);
            exchange.sendResponseHeaders(status, out.length);
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(out);
            }
        }
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode error = JsonValues.NODES.objectNode();
        error.put("__type", code);
        error.put("message", message);
        return error;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
