package com.creatorflow.shared.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.creatorflow.shared.error.ValidationFailed;
import com.fasterxml.jackson.databind.JsonNode;
import com.creatorflow.shared.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what handlers need from an API Gateway HTTP API (payload v2) event: the caller's tenant from the JWT
 * authorizer's claims, path and query parameters, and the body.
 */
public final class ApiRequest {
    /** The claim that carries the creator's tenant id (a Cognito custom attribute). */
    public static final String TENANT_CLAIM = "custom:tenant_id";

    private final APIGatewayV2HTTPEvent event;

    /** Wraps an event. */
    public ApiRequest(APIGatewayV2HTTPEvent event) {
        this.event = event;
    }

    /** The tenant of the authenticated caller. The authorizer guarantees a valid token; no tenant is a 403. */
    public String tenantId() {
        return claim(TENANT_CLAIM).orElseThrow(() -> new MissingTenant());
    }

    /** The caller's subject (user id) for the audit trail. */
    public String subject() {
        return claim("sub").orElse("unknown");
    }

    /** A claim of the caller's token. */
    public Optional<String> claim(String name) {
        var context = event.getRequestContext();
        if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null) {
            return Optional.empty();
        }
        Map<String, String> claims = context.getAuthorizer().getJwt().getClaims();
        return claims == null ? Optional.empty() : Optional.ofNullable(claims.get(name));
    }

    /** The route key, for example {@code GET /v1/orders/{orderId}}. */
    public String routeKey() {
        return event.getRouteKey();
    }

    /** A path parameter that the route guarantees. */
    public String path(String name) {
        Map<String, String> params = event.getPathParameters();
        String value = params == null ? null : params.get(name);
        if (value == null || value.isBlank()) {
            throw new ValidationFailed(name, "path parameter " + name + " is required");
        }
        return value;
    }

    /** An optional query parameter. */
    public Optional<String> query(String name) {
        Map<String, String> params = event.getQueryStringParameters();
        return params == null ? Optional.empty() : Optional.ofNullable(params.get(name)).filter(v -> !v.isBlank());
    }

    /** An optional integer query parameter within bounds; anything else is a 400 naming it. */
    public int queryInt(String name, int fallback, int min, int max) {
        return query(name).map(text -> {
            try {
                int value = Integer.parseInt(text);
                if (value < min || value > max) {
                    throw new ValidationFailed(name, name + " must be between " + min + " and " + max);
                }
                return value;
            } catch (NumberFormatException e) {
                throw new ValidationFailed(name, name + " must be a whole number");
            }
        }).orElse(fallback);
    }

    /** The raw body bytes (decoded when API Gateway base64-encoded them). */
    public byte[] bodyBytes() {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        return event.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }

    /** The body as a JSON tree; malformed JSON is a 400. */
    public JsonNode jsonBody() {
        byte[] bytes = bodyBytes();
        if (bytes.length == 0) {
            throw new ValidationFailed("body", "a JSON body is required");
        }
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new ValidationFailed("body", "the body is not valid JSON");
        }
    }

    /** A header, case-insensitively. */
    public Optional<String> header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return Optional.ofNullable(entry.getValue());
            }
        }
        return Optional.empty();
    }

    /** The caller's token carries no tenant: a 403, not a 401, because the token itself was valid. */
    public static final class MissingTenant extends com.creatorflow.shared.error.CreatorFlowException {
        private static final long serialVersionUID = 1L;

        MissingTenant() {
            super("the token carries no " + TENANT_CLAIM + " claim");
        }

        @Override
        public int httpStatus() {
            return 403;
        }
    }
}
