package com.creatorflow.local.runtime;

import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** A test client of the live feed's server-sent events: reads the stream on its own thread, keeps what came. */
final class LiveSseClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One received event and when it arrived. */
    record Received(String id, String type, JsonNode data, Instant arrived) {
    }

    private final HttpResponse<Stream<String>> response;
    private final List<Received> events = new CopyOnWriteArrayList<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();

    private LiveSseClient(HttpResponse<Stream<String>> response) {
        this.response = response;
        Thread.ofVirtual().start(this::read);
    }

    /** Opens a stream at a path of the runtime ({@code lastEventId} may be null). */
    static LiveSseClient open(LocalRuntime runtime, String path, String token, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(runtime.baseUrl().resolve(URI.create(path)))
                .header("Authorization", "Bearer " + token).GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return new LiveSseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
    }

    private void read() {
        String id = null;
        String type = null;
        StringBuilder data = new StringBuilder();
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Received(id, type, Json.tree(data.toString()), Instant.now()));
                    }
                    id = null;
                    type = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).trim());
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (RuntimeException e) {
            // the stream was closed by the test or by the server
        }
    }

    int status() {
        return response.statusCode();
    }

    String contentType() {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    List<Received> events() {
        return new ArrayList<>(events);
    }

    List<Received> eventsOf(String orderId) {
        return events.stream().filter(e -> orderId.equals(e.data().path("orderId").asText())).toList();
    }

    List<String> comments() {
        return new ArrayList<>(comments);
    }

    @Override
    public void close() {
        response.body().close();
    }
}
