package com.creatorflow.local.simulators.carriers;

import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One request to a direct-carrier simulator: its path under the carrier's prefix, headers, body and the answer. */
final class SimExchange {
    private final HttpExchange exchange;
    private final String path;
    private final byte[] body;

    SimExchange(HttpExchange exchange, String path) throws IOException {
        this.exchange = exchange;
        this.path = path;
        this.body = exchange.getRequestBody().readAllBytes();
    }

    String method() {
        return exchange.getRequestMethod();
    }

    /** The path under the carrier's prefix, without the query ({@code /api/track/v1/details/1Z...}). */
    String path() {
        return path;
    }

    /** The path's segments. */
    List<String> segments() {
        return List.of(path.replaceAll("^/+|/+$", "").split("/"));
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    /** The bearer token of the {@code Authorization} header, if any. */
    Optional<String> bearer() {
        return header("Authorization").filter(h -> h.startsWith("Bearer ")).map(h -> h.substring(7).trim());
    }

    Optional<String> query(String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name)) {
                return Optional.of(kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return Optional.empty();
    }

    byte[] body() {
        return body;
    }

    /** The body as JSON (an empty object when it is none). */
    JsonNode json() {
        try {
            return body.length == 0 ? Json.object() : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return Json.object();
        }
    }

    /** The body as a form ({@code a=b&c=d}). */
    Map<String, String> form() {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2) {
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    void json(int status, Object answer) throws IOException {
        send(status, "application/json", Json.bytes(answer), Map.of());
    }

    void send(int status, String contentType, byte[] bytes, Map<String, String> headers) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        try {
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException gone) {
            exchange.close();
        }
    }
}
