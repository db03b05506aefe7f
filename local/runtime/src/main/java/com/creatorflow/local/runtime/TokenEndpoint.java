package com.creatorflow.local.runtime;

import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * {@code POST /local/token {"tenantId": "...", "sub": "..."}}: the local sign-in, standing in for the identity
 * provider (Cognito in AWS). It exists only in the local runtime; the deployed API has no such route.
 */
final class TokenEndpoint implements HttpHandler {
    private final LocalJwt jwt;

    TokenEndpoint(LocalJwt jwt) {
        this.jwt = jwt;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                HttpFrontDoor.send(exchange, 405, "{\"message\":\"use POST\"}");
                return;
            }
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(exchange.getRequestBody());
            } catch (IOException e) {
                body = null;
            }
            String tenant = body == null ? null : body.path("tenantId").asText(null);
            if (tenant == null || tenant.isBlank()) {
                HttpFrontDoor.send(exchange, 400, "{\"type\":\"https://creatorflow.dev/problems/ValidationFailed\","
                        + "\"title\":\"ValidationFailed\",\"status\":400,\"detail\":\"tenantId is required\","
                        + "\"errors\":[{\"field\":\"tenantId\",\"message\":\"tenantId is required\"}]}");
                return;
            }
            String subject = body.path("sub").asText("local-user");
            String token = jwt.issue(tenant, subject, Duration.ofHours(12));
            HttpFrontDoor.send(exchange, 200, Json.write(Map.of("token", token, "tenantId", tenant,
                    "expiresInSeconds", Duration.ofHours(12).toSeconds())));
        }
    }
}
