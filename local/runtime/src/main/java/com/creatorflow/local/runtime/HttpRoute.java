package com.creatorflow.local.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One API Gateway HTTP API route ({@code GET /v1/orders/{orderId}}) and the function behind it.
 *
 * @param method the HTTP method, or ANY
 * @param path the path template with {@code {param}} and greedy {@code {param+}} segments
 * @param function the function's logical id
 * @param authorized whether the JWT authorizer guards the route
 */
public record HttpRoute(String method, String path, String function, boolean authorized) {
    /** Each route template's segments, split once. */
    private static final Map<String, List<String>> TEMPLATES = new ConcurrentHashMap<>();

    /** The route key API Gateway puts in the event. */
    public String routeKey() {
        return method + " " + path;
    }

    /** Literal segments count: more literals means more specific, as API Gateway ranks routes. */
    int specificity() {
        return (int) segments(path).stream().filter(s -> !s.startsWith("{")).count();
    }

    /** The path parameters when the request path matches this route. */
    Optional<Map<String, String>> match(String requestMethod, String requestPath) {
        return match(requestMethod, segments(requestPath));
    }

    /**
     * The path parameters when a request path, already split into its {@link #segments(String) segments}, matches
     * this route (the front door splits a request's path once for all routes).
     */
    Optional<Map<String, String>> match(String requestMethod, List<String> actual) {
        if (!method.equals("ANY") && !method.equalsIgnoreCase(requestMethod)) {
            return Optional.empty();
        }
        List<String> template = TEMPLATES.computeIfAbsent(path, HttpRoute::segments);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String segment = template.get(i);
            if (segment.startsWith("{") && segment.endsWith("+}")) {
                if (i >= actual.size()) {
                    return Optional.empty();
                }
                params.put(segment.substring(1, segment.length() - 2), String.join("/", actual.subList(i, actual.size())));
                return Optional.of(params);
            }
            if (i >= actual.size()) {
                return Optional.empty();
            }
            if (segment.startsWith("{")) {
                params.put(segment.substring(1, segment.length() - 1), actual.get(i));
            } else if (!segment.equals(actual.get(i))) {
                return Optional.empty();
            }
        }
        return template.size() == actual.size() ? Optional.of(params) : Optional.empty();
    }

    /** A path's segments: leading and trailing slashes dropped, split at runs of slashes. */
    static List<String> segments(String path) {
        return List.of(path.replaceAll("^/+|/+$", "").split("/+"));
    }
}
