package com.creatorflow.local.runtime;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.local.stack.LocalHttp;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.http.JwtAuthorizer;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.live.LiveAccess;
import com.creatorflow.shared.live.LiveConnections;
import com.creatorflow.shared.live.LiveEvent;
import com.creatorflow.shared.live.LiveFeed;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live order feed locally: {@code GET /v1/events/stream} as server-sent events, standing in for the WebSocket
 * API of AWS. Each stream is a connection of the tenant in the template's {@code LiveConnectionsTable}, and the
 * runtime serves API Gateway's {@code @connections} API ({@code POST /@connections/{id}}) on the front door, so the
 * template's {@code LiveFeedFunction}, consuming {@code OrderEventsFeedQueue}, posts each change to the streams as it
 * posts to WebSockets in AWS. A stream that names an event it has seen ({@code Last-Event-ID} or {@code ?after=})
 * first gets the tenant's changes after it from the audit log, then the live ones, each event once. A client whose
 * buffer ({@value #BUFFER} events) is full is dropped and answered 410 to the poster, as a gone WebSocket.
 */
final class LiveEventStream {
    private static final Logger LOG = LoggerFactory.getLogger(LiveEventStream.class);
    static final int BUFFER = 1000;
    private static final int SEEN = 4096;

    private final JwtAuthorizer authorizer;
    private final ApiGuard guard;
    private final LiveFeed feed;
    private final LiveConnections connections;
    private final Duration heartbeat;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();

    LiveEventStream(JwtAuthorizer authorizer, ApiGuard guard, LiveFeed feed, LiveConnections connections,
                    Duration heartbeat) {
        this.authorizer = authorizer;
        this.guard = guard;
        this.feed = feed;
        this.connections = connections;
        this.heartbeat = heartbeat;
    }

    /** The handler of {@code GET /v1/events/stream}. */
    HttpHandler streams() {
        return this::open;
    }

    /** The handler of API Gateway's {@code @connections} API for the streams. */
    HttpHandler callbacks() {
        return this::callback;
    }

    /** Open streams (for tests and health). */
    int open() {
        return clients.size();
    }

    private void open(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            try (exchange) {
                HttpFrontDoor.send(exchange, 405, "{\"message\":\"Method Not Allowed\"}");
            }
            return;
        }
        Optional<Map<String, String>> claims = authorizer.claims(exchange.getRequestHeaders()
                .getFirst("Authorization"));
        if (claims.isEmpty()) {
            try (exchange) {
                HttpFrontDoor.send(exchange, 401, "{\"message\":\"Unauthorized\"}");
            }
            return;
        }
        String connectionId = "sse-" + UUID.randomUUID();
        AtomicReference<Client> admitted = new AtomicReference<>();
        String lastEventId = exchange.getRequestHeaders().getFirst("Last-Event-ID");
        String afterQuery = query(exchange, "after");
        APIGatewayV2HTTPResponse answer = LiveAccess.admit(guard, claims.get(), Map.of(), Map.of(),
                new LocalLambdaContext("LiveEventStream", 256, 30), (request, tenant) -> {
                    String after = lastEventId != null ? LiveFeed.eventId("Last-Event-ID", lastEventId)
                            : afterQuery != null ? LiveFeed.eventId("after", afterQuery) : null;
                    Client client = new Client(tenant, connectionId, after, exchange);
                    clients.put(connectionId, client);
                    try {
                        connections.register(tenant, connectionId);
                    } catch (RuntimeException e) {
                        clients.remove(connectionId);
                        throw e;
                    }
                    admitted.set(client);
                    return ApiResponses.empty(200);
                });
        if (admitted.get() == null) {
            try (exchange) {
                if (answer.getHeaders() != null) {
                    answer.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                }
                LocalHttp.respond(exchange, answer.getStatusCode(), answer.getBody() == null ? new byte[0]
                        : answer.getBody().getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        Thread.ofVirtual().name("live-" + connectionId).start(() -> serve(admitted.get()));
    }

    private static String query(HttpExchange exchange, String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Replays what the client missed, then writes live events and heartbeats until it goes. */
    private void serve(Client client) {
        try (OutputStream out = client.exchange.getResponseBody()) {
            out.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (client.after != null) {
                IOException[] failed = {null};
                feed.replay(client.tenantId, client.after, event -> {
                    if (failed[0] == null) {
                        try {
                            client.write(out, event.eventId(), event.toJson());
                        } catch (IOException e) {
                            failed[0] = e;
                        }
                    }
                });
                if (failed[0] != null) {
                    throw failed[0];
                }
            }
            while (!client.dropped) {
                String json = client.queue.poll(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
                if (json == null) {
                    out.write(": ping\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    connections.register(client.tenantId, client.connectionId);
                } else if (!client.dropped) {
                    client.write(out, Json.read(json, LiveEvent.class).eventId(), json);
                }
            }
        } catch (IOException e) {
            LOG.debug("live stream {} closed: {}", client.connectionId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("live stream {} failed", client.connectionId, e);
        } finally {
            clients.remove(client.connectionId);
            try {
                connections.remove(client.tenantId, client.connectionId);
            } catch (RuntimeException e) {
                LOG.warn("could not forget live connection {}: {}", client.connectionId, e.toString());
            }
            client.exchange.close();
        }
    }

    /** {@code POST /@connections/{id}} (a message), {@code DELETE} (close it), as API Gateway answers them. */
    private void callback(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String connectionId = path.substring(path.lastIndexOf('/') + 1);
            byte[] body = exchange.getRequestBody().readAllBytes();
            Client client = clients.get(connectionId);
            if (client == null) {
                gone(exchange);
                return;
            }
            switch (exchange.getRequestMethod()) {
                case "POST" -> {
                    if (client.queue.offer(new String(body, StandardCharsets.UTF_8))) {
                        LocalHttp.respond(exchange, 200, new byte[0]);
                    } else {
                        LOG.warn("live stream {} is {} events behind; dropped", connectionId, BUFFER);
                        client.drop();
                        gone(exchange);
                    }
                }
                case "DELETE" -> {
                    client.drop();
                    LocalHttp.respond(exchange, 204, new byte[0]);
                }
                default -> HttpFrontDoor.send(exchange, 405, "{\"message\":\"Method Not Allowed\"}");
            }
        }
    }

    private static void gone(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", "GoneException");
        HttpFrontDoor.send(exchange, 410, "{\"message\":\"GoneException\"}");
    }

    /** One open stream: its tenant, its bounded buffer, and the ids it was sent lately (each event once). */
    private static final class Client {
        final String tenantId;
        final String connectionId;
        final String after;
        final HttpExchange exchange;
        final BlockingQueue<String> queue = new ArrayBlockingQueue<>(BUFFER);
        final Map<String, Boolean> sent = new LinkedHashMap<>(64, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > SEEN;
            }
        };
        volatile boolean dropped;

        Client(String tenantId, String connectionId, String after, HttpExchange exchange) {
            this.tenantId = tenantId;
            this.connectionId = connectionId;
            this.after = after;
            this.exchange = exchange;
        }

        /** Writes one event unless it was sent already or precedes the id the client resumed after. */
        void write(OutputStream out, String eventId, String json) throws IOException {
            if ((after != null && eventId.compareTo(after) <= 0) || sent.put(eventId, Boolean.TRUE) != null) {
                return;
            }
            out.write(("id: " + eventId + "\nevent: order\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Ends the stream: its writer wakes up (an empty message) and stops. */
        void drop() {
            dropped = true;
            queue.clear();
            queue.offer("");
        }
    }
}
