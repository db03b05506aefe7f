package com.creatorflow.shared.tiktok;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.tiktok.domain.Shop;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;

/**
 * Our TikTok Shop app: its key and secret and the hosts it calls. In AWS the key and secret come from the Secrets
 * Manager secret named by {@code TIKTOK_APP_SECRET_NAME} (JSON {@code {"app_key": ..., "app_secret": ...}}); locally
 * from {@code TIKTOK_APP_KEY}/{@code TIKTOK_APP_SECRET}. Hosts come from {@code TIKTOK_API_URL} and
 * {@code TIKTOK_AUTH_URL} (the simulator's address locally).
 *
 * @param appKey the app key
 * @param appSecret the app secret (never logged)
 * @param apiBase the Partner API host
 * @param authBase the token host
 */
public record TikTokApp(String appKey, String appSecret, URI apiBase, URI authBase) {
    /** TikTok's production Partner API host. */
    public static final String DEFAULT_API = "https://open-api.tiktokglobalshop.com";
    /** TikTok's production token host. */
    public static final String DEFAULT_AUTH = "https://auth.tiktok-shops.com";

    /** The app configured for a function. */
    public static TikTokApp fromEnv(Env env) {
        String key = env.optional("TIKTOK_APP_KEY").orElse(null);
        String secret = env.optional("TIKTOK_APP_SECRET").orElse(null);
        if (key == null || secret == null) {
            JsonNode stored = Json.tree(env.aws().secretsManager()
                    .getSecretValue(r -> r.secretId(env.require("TIKTOK_APP_SECRET_NAME"))).secretString());
            key = stored.path("app_key").asText();
            secret = stored.path("app_secret").asText();
        }
        URI api = URI.create(env.get("TIKTOK_API_URL", DEFAULT_API));
        URI auth = URI.create(env.get("TIKTOK_AUTH_URL", env.get("TIKTOK_API_URL", DEFAULT_AUTH)));
        return new TikTokApp(key, secret, api, auth);
    }

    @Override
    public String toString() {
        return "TikTokApp[appKey=" + appKey + ", api=" + apiBase + ", auth=" + authBase + ", secret=redacted]";
    }
}
