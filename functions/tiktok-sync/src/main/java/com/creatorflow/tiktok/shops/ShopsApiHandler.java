package com.creatorflow.tiktok.shops;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiHandler;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.tiktok.ConnectStates;
import com.creatorflow.shared.tiktok.ShopConnections;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The creators' shops API: start connecting a TikTok shop (the authorization URL with a fresh state), list the
 * tenant's shops with their connection status ({@code reconnectNeeded}), rename one, disconnect one. Another
 * tenant's shop answers 404 like a missing one.
 */
public final class ShopsApiHandler extends ApiHandler {
    /** Longest shop name accepted. */
    static final int MAX_NAME = 100;

    private final ConnectStates states;
    private final ShopConnections.Settings settings;
    private final ShopRegistry shops;

    /** Lambda's constructor: collaborators from the process environment. */
    public ShopsApiHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public ShopsApiHandler(Env env) {
        this(ConnectStates.fromEnv(env), ShopConnections.Settings.fromEnv(env), ShopRegistry.fromEnv(env),
                ApiGuard.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public ShopsApiHandler(ConnectStates states, ShopConnections.Settings settings, ShopRegistry shops,
                           ApiGuard guard) {
        super(guard);
        this.states = states;
        this.settings = settings;
        this.shops = shops;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
        return switch (request.routeKey()) {
            case "POST /v1/shops/connect" -> ApiResponses.json(201,
                    ShopConnections.start(states, settings, tenant));
            case "GET /v1/shops" -> ApiResponses.json(200, Map.of("shops", shops.summaries(tenant)));
            case "PATCH /v1/shops/{shopId}" -> ApiResponses.json(200,
                    shops.rename(tenant, request.path("shopId"), name(request.jsonBody("name"))));
            case "DELETE /v1/shops/{shopId}" -> {
                shops.disconnect(tenant, request.path("shopId"));
                yield ApiResponses.empty(204);
            }
            default -> noRoute(request);
        };
    }

    private static String name(JsonNode body) {
        JsonNode name = body.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new ValidationFailed("name", "name is required and must be a non-empty string");
        }
        String text = name.asText().strip();
        if (text.length() > MAX_NAME || text.chars().anyMatch(Character::isISOControl)) {
            throw new ValidationFailed("name", "name must be at most " + MAX_NAME
                    + " characters without control characters");
        }
        return text;
    }
}
