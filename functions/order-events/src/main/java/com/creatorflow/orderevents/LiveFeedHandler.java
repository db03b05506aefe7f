package com.creatorflow.orderevents;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.http.JwtAuthorizer;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.live.LiveAccess;
import com.creatorflow.shared.live.LiveConnections;
import com.creatorflow.shared.live.LiveFanOut;
import com.creatorflow.shared.live.LiveFeed;
import com.creatorflow.shared.observability.Telemetry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;

/**
 * The live dashboard feed in AWS, one function for the WebSocket API and the feed queue. {@code $connect} verifies
 * the {@code token} query parameter as the HTTP API's JWT authorizer would and admits the caller as the order list
 * does ({@link LiveAccess}), then records the connection under its tenant; {@code $disconnect} forgets it;
 * {@code resume} ({@code {"action":"resume","after":"<eventId>"}}) sends the tenant's changes after that event. A
 * batch of {@code OrderEventsFeedQueue} sends each order change to its tenant's connections ({@link LiveFanOut}).
 */
public final class LiveFeedHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeedHandler.class);

    private final JwtAuthorizer jwt;
    private final ApiGuard guard;
    private final LiveConnections connections;
    private final LiveFanOut fanOut;

    /** Lambda's constructor: collaborators from the process environment. */
    public LiveFeedHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public LiveFeedHandler(Env env) {
        this(issuerKeys(env), ApiGuard.fromEnv(env), LiveConnections.fromEnv(env), LiveFeed.fromEnv(env),
                env.aws().at(URI.create(env.require("LIVE_CALLBACK_URL")), ApiGatewayManagementApiClient::builder));
    }

    /** Explicit collaborators (tests). */
    public LiveFeedHandler(JwtAuthorizer jwt, ApiGuard guard, LiveConnections connections, LiveFeed feed,
                           ApiGatewayManagementApiClient callbacks) {
        this.jwt = jwt;
        this.guard = guard;
        this.connections = connections;
        this.fanOut = new LiveFanOut(feed, connections, new ApiGatewayConnections(callbacks));
    }

    /** The verifier of the issuer {@code JWT_ISSUER} (its keys at its JWKS URL) for {@code JWT_AUDIENCE}. */
    private static JwtAuthorizer issuerKeys(Env env) {
        String issuer = env.require("JWT_ISSUER");
        try {
            return new JwtAuthorizer(JWKSourceBuilder.create(URI.create(issuer.replaceAll("/+$", "")
                    + "/.well-known/jwks.json").toURL()).build(), issuer, env.require("JWT_AUDIENCE"));
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("JWT_ISSUER is not a URL: " + issuer, e);
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = Json.tree(new String(input.readAllBytes(), StandardCharsets.UTF_8));
        Object answer = event.has("Records") ? Telemetry.invoke(context, () -> deliver(event.get("Records")))
                : webSocket(event, context);
        output.write(Json.write(answer).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends each queued order event; a message that fails is reported for another try. */
    private Map<String, Object> deliver(JsonNode records) {
        List<Map<String, String>> failures = new ArrayList<>();
        for (JsonNode record : records) {
            try {
                fanOut.deliver(record.path("body").asText());
            } catch (RuntimeException e) {
                LOG.warn("feed message {} not delivered: {}", record.path("messageId").asText(), e.toString());
                failures.add(Map.of("itemIdentifier", record.path("messageId").asText()));
            }
        }
        return Map.of("batchItemFailures", failures);
    }

    private Map<String, Object> webSocket(JsonNode event, Context context) {
        JsonNode request = event.path("requestContext");
        String connectionId = request.path("connectionId").asText();
        String route = request.path("routeKey").asText();
        return switch (route) {
            case "$connect" -> connect(connectionId, event.path("queryStringParameters").path("token").asText(null),
                    context);
            case "$disconnect" -> {
                connections.tenantOf(connectionId).ifPresent(tenant -> connections.remove(tenant, connectionId));
                yield Map.of("statusCode", 200);
            }
            case "resume" -> Telemetry.invoke(context, () -> resume(connectionId, event.path("body").asText("")));
            default -> answer(ApiResponses.error(new ValidationFailed("action",
                    "the only action is resume: {\"action\":\"resume\",\"after\":\"<eventId>\"}")));
        };
    }

    private Map<String, Object> connect(String connectionId, String token, Context context) {
        Optional<Map<String, String>> claims = jwt.claims(token);
        if (claims.isEmpty()) {
            return Map.of("statusCode", 401);
        }
        return answer(LiveAccess.admit(guard, claims.get(), Map.of(), Map.of(), context, (request, tenant) -> {
            connections.register(tenant, connectionId);
            return ApiResponses.empty(200);
        }));
    }

    private Map<String, Object> resume(String connectionId, String body) {
        try {
            JsonNode message = Json.treeOrEmpty(body.getBytes(StandardCharsets.UTF_8));
            if (!(message instanceof ObjectNode object) || !object.path("after").isTextual()) {
                throw new ValidationFailed("after", "send {\"action\":\"resume\",\"after\":\"<eventId>\"}");
            }
            int sent = fanOut.resume(connectionId, object.get("after").asText());
            return Map.of("statusCode", 200, "body", Json.write(Map.of("replayed", sent)));
        } catch (ValidationFailed e) {
            return answer(ApiResponses.error(e));
        }
    }

    private static Map<String, Object> answer(APIGatewayV2HTTPResponse response) {
        return response.getBody() == null ? Map.of("statusCode", response.getStatusCode())
                : Map.of("statusCode", response.getStatusCode(), "body", response.getBody());
    }
}
