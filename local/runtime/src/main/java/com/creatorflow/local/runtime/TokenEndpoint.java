package com.creatorflow.local.runtime;

import com.creatorflow.local.stack.LocalHttp;
import com.creatorflow.shared.http.Problem;
import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /local/token {"tenantId": "...", "sub": "...", "memberId": "...", "role": "..."}}: the local sign-in,
 * standing in for the Cognito user pool's sign-in. Only {@code tenantId} is required; {@code sub} defaults to
 * {@code local-user}, {@code memberId} to the subject and {@code role} to {@code owner}. The answer carries a token
 * of the {@link LocalIssuer}. It exists only in the local runtime; the deployed API has no such route.
 */
final class TokenEndpoint implements HttpHandler {
    static final Duration VALIDITY = Duration.ofHours(12);

    private final LocalIssuer issuer;

    TokenEndpoint(LocalIssuer issuer) {
        this.issuer = issuer;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                HttpFrontDoor.send(exchange, 405, "{\"message\":\"use POST\"}");
                return;
            }
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(exchange.getRequestBody());
            } catch (IOException e) {
                body = null;
            }
            if (body == null || !body.isObject()) {
                invalid(exchange, "body", "a JSON object with tenantId is required");
                return;
            }
            String tenant = text(body, "tenantId", null);
            if (tenant == null) {
                invalid(exchange, "tenantId", "tenantId is required");
                return;
            }
            String subject = text(body, "sub", "local-user");
            JsonNode requestedRole = body.get("role");
            String role = requestedRole == null || requestedRole.isNull() ? LocalIssuer.DEFAULT_ROLE
                    : requestedRole.asText();
            if (!LocalIssuer.ROLES.contains(role)) {
                invalid(exchange, "role", "role must be one of " + String.join(", ", LocalIssuer.ROLES));
                return;
            }
            LocalIssuer.Identity identity = new LocalIssuer.Identity(tenant, subject, text(body, "memberId", subject),
                    role);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("token", issuer.issue(identity, VALIDITY));
            answer.put("tokenType", "Bearer");
            answer.put("tenantId", tenant);
            answer.put("memberId", identity.memberId());
            answer.put("role", role);
            answer.put("expiresInSeconds", VALIDITY.toSeconds());
            HttpFrontDoor.send(exchange, 200, Json.write(answer));
        }
    }

    private static String text(JsonNode body, String field, String fallback) {
        JsonNode value = body.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? fallback : value.asText();
    }

    private static void invalid(HttpExchange exchange, String field, String detail) throws IOException {
        Problem problem = Problem.ofField(400, "ValidationFailed", field, detail);
        LocalHttp.respond(exchange, 400, "application/problem+json",
                Json.write(problem).getBytes(StandardCharsets.UTF_8));
    }
}
