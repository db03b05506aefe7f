package com.creatorflow.tiktok.shops;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.tiktok.ConnectStates;
import com.creatorflow.shared.tiktok.ShopConnections;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import com.creatorflow.shared.tiktok.domain.Shop;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * TikTok's redirect after a seller approves ({@code GET /v1/shops/callback?code=&state=}). No JWT: the browser
 * arrives from TikTok, and the single-use, expiring state names the tenant. Answers the shops connected, or a
 * problem (400 for a bad state, 409 for a shop of another account). The shops' webhooks go to
 * {@code TIKTOK_WEBHOOK_URL} when set, else to {@code /webhooks/tiktok} on the API this request came through.
 */
public final class ShopCallbackHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ShopConnections connections;

    /** A shop connected, as the callback answers it (no cipher, no token). */
    record Connected(String shopId, String name, String region) {
    }

    /** Lambda's constructor. */
    public ShopCallbackHandler() {
        this(Env.system());
    }

    /** From an explicit environment (local runtime). */
    public ShopCallbackHandler(Env env) {
        this(connections(env));
    }

    /** Explicit collaborators (tests). */
    public ShopCallbackHandler(ShopConnections connections) {
        this.connections = connections;
    }

    private static ShopConnections connections(Env env) {
        ShopRegistry shops = ShopRegistry.fromEnv(env);
        return new ShopConnections(ConnectStates.fromEnv(env), shops, TikTokShopClient.fromEnv(env, shops),
                ShopConnections.Settings.fromEnv(env));
    }

    /**
     * Our webhook intake on the API this request came through: API Gateway's own domain name and stage (the
     * template cannot name the API in the function's variables without a circular reference).
     */
    static URI webhookUrl(APIGatewayV2HTTPEvent.RequestContext context) {
        if (context == null || context.getDomainName() == null) {
            return null;
        }
        String stage = context.getStage();
        String prefix = stage == null || stage.isBlank() || stage.equals("$default") ? "" : "/" + stage;
        return URI.create("https://" + context.getDomainName() + prefix + "/webhooks/tiktok");
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return Telemetry.invoke(context, () -> ApiResponses.handle(() -> {
            ApiRequest request = new ApiRequest(event);
            List<Shop> connected = connections.complete(request.query("code").orElse(null),
                    request.query("state").orElse(null), webhookUrl(event.getRequestContext()));
            Telemetry.count("ShopsConnected", connected.size());
            return ApiResponses.json(200, Map.of("connected", connected.stream()
                    .map(shop -> new Connected(shop.shopId(), shop.name(), shop.region())).toList()));
        }));
    }
}
