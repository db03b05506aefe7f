package com.creatorflow.tiktok.shops;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.events.EventBridgePublisher;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.ShopTokenRefresher;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import java.time.Clock;
import java.time.Duration;

/**
 * Scheduled (every 30 minutes): refreshes the access token of every authorized shop that expires within
 * {@code TOKEN_REFRESH_WITHIN_HOURS} (24 by default), announces shops that need reconnecting, and returns what it
 * did.
 */
public final class TokenRefreshHandler implements RequestHandler<ScheduledEvent, ShopTokenRefresher.Result> {
    private final ShopTokenRefresher refresher;
    private final Duration window;

    /** Lambda's constructor. */
    public TokenRefreshHandler() {
        this(Env.system());
    }

    /** From an explicit environment (local runtime). */
    public TokenRefreshHandler(Env env) {
        this(refresher(env), Duration.ofHours(env.getInt("TOKEN_REFRESH_WITHIN_HOURS", 24)));
    }

    /** Explicit collaborators (tests). */
    public TokenRefreshHandler(ShopTokenRefresher refresher, Duration window) {
        this.refresher = refresher;
        this.window = window;
    }

    private static ShopTokenRefresher refresher(Env env) {
        ShopRegistry shops = ShopRegistry.fromEnv(env);
        return new ShopTokenRefresher(shops, TikTokShopClient.fromEnv(env, shops), Clock.systemUTC(),
                EventBridgePublisher.fromEnv(env));
    }

    @Override
    public ShopTokenRefresher.Result handleRequest(ScheduledEvent event, Context context) {
        return Telemetry.invoke(context, () -> refresher.refreshExpiring(window));
    }
}
