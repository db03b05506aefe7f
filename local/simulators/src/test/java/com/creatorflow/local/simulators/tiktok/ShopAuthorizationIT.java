package com.creatorflow.local.simulators.tiktok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.error.ShopReconnectNeeded;
import com.creatorflow.shared.error.TikTokRejected;
import com.creatorflow.shared.tiktok.ShopTokens;
import com.creatorflow.shared.tiktok.TikTokApp;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import com.creatorflow.shared.tiktok.domain.Shop;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our Partner API client and the simulator on connecting a shop: the authorization page (auto-approve and the
 * consent page), the code exchange, the authorized shops, webhook registration, and a shop that must be connected
 * again (refresh token expired, seller deauthorization).
 */
class ShopAuthorizationIT {
    private static final String KEY = "auth-app";
    private static final String SECRET = "auth-secret-" + System.nanoTime();
    private static final URI CALLBACK = URI.create("http://127.0.0.1:9/v1/shops/callback");
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private TikTokShopSimulator simulator;
    private TikTokShopClient client;
    private final Map<String, Shop.Status> marked = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        simulator = TikTokShopSimulator.start(KEY, SECRET).redirectUrl(CALLBACK);
        ShopTokens store = new ShopTokens() {
            @Override
            public Shop saveTokens(Shop shop, String access, Instant accessExpires, String refresh,
                                   Instant refreshExpires) {
                return shop.withTokens(access, accessExpires, refresh, refreshExpires);
            }

            @Override
            public void reconnectNeeded(Shop shop, Shop.Status status) {
                marked.put(shop.shopId(), status);
            }
        };
        client = new TikTokShopClient(new TikTokApp(KEY, SECRET, simulator.baseUrl(), simulator.baseUrl()), store,
                new TikTokShopClient.Settings(2, Duration.ofMillis(10), Duration.ofSeconds(1), 50,
                        Duration.ofSeconds(5)), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private URI authorize(String state) {
        return URI.create(simulator.authorizeUrl() + "?service_id=" + simulator.serviceId() + "&state=" + state);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new java.util.HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            query.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return query;
    }

    private String approvedCode(String shopId, String state) throws Exception {
        simulator.autoApprove(shopId);
        HttpResponse<String> approval = HTTP.send(HttpRequest.newBuilder(authorize(state)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approval.statusCode()).isEqualTo(302);
        URI location = URI.create(approval.headers().firstValue("Location").orElseThrow());
        assertThat(location.getPath()).isEqualTo(CALLBACK.getPath());
        assertThat(query(location)).containsEntry("state", state);
        return query(location).get("code");
    }

    private Shop connected(String shopId) throws Exception {
        TikTokShopClient.Grant grant = client.exchangeCode(approvedCode(shopId, "s1"));
        TikTokShopClient.AuthorizedShop found = client.authorizedShops(grant.accessToken()).get(0);
        return new Shop(found.id(), "tenant", found.name(), found.region(), found.cipher(), Shop.Status.AUTHORIZED,
                grant.accessToken(), grant.accessTokenExpiresAt(), grant.refreshToken(),
                grant.refreshTokenExpiresAt());
    }

    @Test
    void anApprovedCodeGivesTokensForOnlyTheShopTheSellerAuthorizedAndWorksOnce() throws Exception {
        SimShop chosen = simulator.addShop("Chosen");
        simulator.addShop("Not chosen");
        String code = approvedCode(chosen.id(), "state-1");

        TikTokShopClient.Grant grant = client.exchangeCode(code);
        List<TikTokShopClient.AuthorizedShop> shops = client.authorizedShops(grant.accessToken());

        assertThat(grant.accessToken()).isEqualTo(chosen.tokens().accessToken());
        assertThat(grant.accessTokenExpiresAt()).isAfter(Instant.now().plus(Duration.ofDays(6)));
        assertThat(shops).extracting(TikTokShopClient.AuthorizedShop::id).containsExactly(chosen.id());
        assertThat(shops.get(0).cipher()).isEqualTo(chosen.cipher());
        assertThatThrownBy(() -> client.exchangeCode(code)).isInstanceOf(TikTokRejected.class);
        assertThatThrownBy(() -> client.authorizedShops("not-a-token")).isInstanceOf(TikTokRejected.class);
    }

    @Test
    void theConsentPageListsTheShopsAndApprovingOneRedirectsWithACode() throws Exception {
        SimShop shop = simulator.addShop("Hand <picked>");
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(authorize("by-hand")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Hand &lt;picked&gt;").contains("value=\"" + shop.id() + "\"");

        HttpResponse<String> approved = HTTP.send(HttpRequest.newBuilder(simulator.authorizeUrl())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("service_id=" + simulator.serviceId()
                        + "&state=by-hand&shop_id=" + shop.id())).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(approved.statusCode()).isEqualTo(302);
        String code = query(URI.create(approved.headers().firstValue("Location").orElseThrow())).get("code");
        assertThat(client.exchangeCode(code).accessToken()).isEqualTo(shop.tokens().accessToken());
        HttpResponse<String> wrongService = HTTP.send(HttpRequest.newBuilder(URI.create(simulator.authorizeUrl()
                + "?service_id=other&state=x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongService.statusCode()).isEqualTo(400);
    }

    @Test
    void registeringAWebhookPointsTheShopsDeliveriesOfThatTypeAtTheAddress() throws Exception {
        Shop shop = connected(simulator.addShop("Hooks").id());
        URI intake = URI.create("https://api.example.test/prod/webhooks/tiktok");

        client.registerWebhook(shop, "ORDER_STATUS_CHANGE", intake);

        assertThat(simulator.webhookAddress(shop.shopId(), "ORDER_STATUS_CHANGE")).contains(intake);
        assertThat(simulator.webhookAddress(shop.shopId(), "RETURN_STATUS_CHANGE")).isEmpty();
    }

    @Test
    void anExpiredRefreshTokenMarksTheShopAndStopsItsCallsWithoutRetrying() throws Exception {
        simulator.tokenLifetimes(Duration.ofSeconds(1), Duration.ofDays(1));
        Shop shop = connected(simulator.addShop("Expiring").id());
        simulator.expireRefreshToken(shop.shopId());
        long before = simulator.calls("/api/v2/token/refresh");

        assertThatThrownBy(() -> client.refreshToken(shop)).isInstanceOf(ShopReconnectNeeded.class);
        assertThat(marked).containsEntry(shop.shopId(), Shop.Status.TOKEN_EXPIRED);
        assertThat(simulator.calls("/api/v2/token/refresh")).isEqualTo(before + 1);
        long orderCalls = simulator.calls("/order/202309/orders");
        assertThatThrownBy(() -> client.orderDetails(shop, List.of("576000000000000003")))
                .isInstanceOf(ShopReconnectNeeded.class);
        assertThat(simulator.calls("/order/202309/orders")).isEqualTo(orderCalls);
    }

    @Test
    void aDeauthorizedShopsTokensStopWorkingSoTheClientMarksItInsteadOfRetrying() throws Exception {
        Shop shop = connected(simulator.addShop("Revoked").id());
        String orderId = simulator.createOrder(shop.shopId());
        assertThat(client.orderDetails(shop, List.of(orderId))).hasSize(1);

        simulator.deauthorize(shop.shopId());

        assertThatThrownBy(() -> client.orderDetails(shop, List.of(orderId))).isInstanceOf(ShopReconnectNeeded.class);
        assertThat(marked).containsEntry(shop.shopId(), Shop.Status.TOKEN_EXPIRED);
        assertThatThrownBy(() -> client.orderDetails(shop.withStatus(Shop.Status.DEAUTHORIZED), List.of(orderId)))
                .isInstanceOf(ShopReconnectNeeded.class).hasMessageContaining("deauthorized");
    }
}
