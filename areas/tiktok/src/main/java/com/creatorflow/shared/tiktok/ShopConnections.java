package com.creatorflow.shared.tiktok;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ShopConnectedElsewhere;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.tiktok.domain.Shop;
import com.creatorflow.shared.tiktok.domain.TikTokEventType;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connecting a creator's TikTok shops (TikTok's authorization-code flow): {@link #start} issues a single-use state
 * bound to the tenant and the authorization page's URL; {@link #complete} consumes the state, exchanges the code for
 * tokens, reads the shops and ciphers the authorization covers, refuses the whole authorization when one of them is
 * another tenant's, points each shop's webhooks at our intake, and stores the shops with sealed tokens in one
 * transaction.
 */
public final class ShopConnections {
    private static final Logger LOG = LoggerFactory.getLogger(ShopConnections.class);
    /** TikTok's service authorization page (US sellers). */
    public static final String DEFAULT_AUTHORIZE_URL = "https://services.us.tiktokshop.com/open/authorize";

    private final ConnectStates states;
    private final ShopRegistry shops;
    private final TikTokShopClient tiktok;
    private final Settings settings;

    /**
     * Where the flow points.
     *
     * @param authorizeUrl TikTok's authorization page
     * @param serviceId our app's service id in the Partner Center
     * @param webhookUrl our webhook intake, registered for every connected shop; null when the callback derives it
     *     from the address it was called at
     * @param stateLifetime how long a started connection may take
     */
    public record Settings(URI authorizeUrl, String serviceId, URI webhookUrl, Duration stateLifetime) {
        /** From {@code TIKTOK_AUTHORIZE_URL}, {@code TIKTOK_SERVICE_ID}, {@code TIKTOK_WEBHOOK_URL}, ... */
        public static Settings fromEnv(Env env) {
            return new Settings(URI.create(env.get("TIKTOK_AUTHORIZE_URL", DEFAULT_AUTHORIZE_URL)),
                    env.get("TIKTOK_SERVICE_ID", ""), env.optional("TIKTOK_WEBHOOK_URL").filter(u -> !u.isBlank())
                            .map(URI::create).orElse(null),
                    env.getSeconds("SHOP_CONNECT_STATE_SECONDS", Duration.ofMinutes(10)));
        }
    }

    /**
     * A started connection.
     *
     * @param authorizationUrl where to send the seller
     * @param state the state the callback must bring back
     * @param expiresAt when the state stops working
     */
    public record Started(String authorizationUrl, String state, Instant expiresAt) {
    }

    /**
     * @param states the issued states
     * @param shops the shop registry
     * @param tiktok the Partner API client
     * @param settings where the flow points
     */
    public ShopConnections(ConnectStates states, ShopRegistry shops, TikTokShopClient tiktok, Settings settings) {
        this.states = states;
        this.shops = shops;
        this.tiktok = tiktok;
        this.settings = settings;
    }

    /** Starts connecting a shop for a tenant. */
    public Started start(String tenantId) {
        return start(states, settings, tenantId);
    }

    /** Starts connecting a shop for a tenant: what the API needs, without the Partner API client. */
    public static Started start(ConnectStates states, Settings settings, String tenantId) {
        if (settings.serviceId().isBlank()) {
            throw new IllegalStateException("TIKTOK_SERVICE_ID (template parameter TikTokServiceId) is not set");
        }
        ConnectStates.Issued issued = states.issue(tenantId, settings.stateLifetime());
        return new Started(authorizationUrl(settings, issued.state()), issued.state(), issued.expiresAt());
    }

    /** The authorization page's URL for a state. */
    static String authorizationUrl(Settings settings, String state) {
        String base = settings.authorizeUrl().toString();
        return base + (base.contains("?") ? "&" : "?") + "service_id="
                + URLEncoder.encode(settings.serviceId(), StandardCharsets.UTF_8)
                + "&state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
    }

    /**
     * Completes a connection from the callback's {@code code} and {@code state}; returns the shops connected to the
     * state's tenant, their webhooks pointed at the configured address or else at {@code ourWebhookUrl}. A bad state
     * is a 400 naming it; a shop of another tenant is {@link ShopConnectedElsewhere} and nothing is stored.
     */
    public List<Shop> complete(String code, String state, URI ourWebhookUrl) {
        if (code == null || code.isBlank() || code.length() > 512) {
            throw new ValidationFailed("code", "code is required (TikTok's authorization code)");
        }
        String tenantId = states.consume(state);
        TikTokShopClient.Grant grant = tiktok.exchangeCode(code);
        List<TikTokShopClient.AuthorizedShop> authorized = tiktok.authorizedShops(grant.accessToken());
        if (authorized.isEmpty()) {
            throw new ValidationFailed("code", "the authorization covers no shop");
        }
        List<Shop> connected = new ArrayList<>();
        for (TikTokShopClient.AuthorizedShop found : authorized) {
            shops.owner(found.id()).filter(owner -> !owner.equals(tenantId)).ifPresent(other -> {
                throw new ShopConnectedElsewhere(found.id());
            });
            connected.add(new Shop(found.id(), tenantId, found.name(), found.region(), found.cipher(),
                    Shop.Status.AUTHORIZED, grant.accessToken(), grant.accessTokenExpiresAt(), grant.refreshToken(),
                    grant.refreshTokenExpiresAt()));
        }
        URI webhookUrl = settings.webhookUrl() != null ? settings.webhookUrl() : ourWebhookUrl;
        if (webhookUrl == null) {
            throw new IllegalStateException("no webhook address: set TIKTOK_WEBHOOK_URL or call through API Gateway");
        }
        for (Shop shop : connected) {
            for (TikTokEventType type : TikTokEventType.values()) {
                tiktok.registerWebhook(shop, type.name(), webhookUrl);
            }
        }
        shops.connect(tenantId, connected);
        LOG.info("tenant {} connected {} shop(s)", tenantId, connected.size());
        return connected;
    }
}
