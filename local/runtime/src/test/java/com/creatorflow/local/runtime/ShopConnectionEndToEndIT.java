package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ShopReconnectNeeded;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.tiktok.ConnectStates;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.ShopTokenRefresher;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import com.creatorflow.shared.tiktok.domain.Shop;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Connecting TikTok shops end to end through the local runtime and the TikTok Shop simulator: the shops API starts
 * the flow, the simulator's authorization page redirects to the callback, which exchanges the code, reads the shops
 * and ciphers, registers the webhooks and stores the shops; then webhooks, deauthorization and the scheduled token
 * refresh behave as TikTok and the creator would see them.
 */
class ShopConnectionEndToEndIT {
    private static final String APP_KEY = "connect-app";
    private static final String APP_SECRET = "connect-secret-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private static TikTokShopSimulator simulator;
    private static LocalRuntime runtime;
    private static Env env;
    private static ShopRegistry shops;

    @BeforeAll
    static void start() {
        simulator = TikTokShopSimulator.start(APP_KEY, APP_SECRET);
        runtime = LocalRuntime.start(RuntimeOptions.forTests(), Map.of("TIKTOK_APP_KEY", APP_KEY,
                "TIKTOK_APP_SECRET", APP_SECRET, "TIKTOK_API_URL", simulator.baseUrl().toString(),
                "TIKTOK_AUTH_URL", simulator.baseUrl().toString(),
                "TIKTOK_AUTHORIZE_URL", simulator.authorizeUrl().toString(),
                "TIKTOK_SERVICE_ID", simulator.serviceId(), "TIKTOK_BACKOFF_MILLIS", "20"));
        simulator.redirectUrl(runtime.baseUrl().resolve("/v1/shops/callback"));
        simulator.webhooks().target(runtime.baseUrl().resolve("/webhooks/tiktok"));
        env = runtime.functions().get("TikTokSyncFunction").env();
        shops = ShopRegistry.fromEnv(env);
    }

    @AfterAll
    static void stop() {
        runtime.close();
        simulator.close();
    }

    @AfterEach
    void defaultTokenLifetimes() {
        simulator.tokenLifetimes(Duration.ofDays(7), Duration.ofDays(60));
        simulator.autoApprove(null);
    }

    private static String token(String tenant) {
        return runtime.jwt().issue(tenant, "creator", Duration.ofMinutes(10));
    }

    private static HttpResponse<String> send(String method, String path, String tenant, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(runtime.baseUrl().resolve(path))
                .header("Authorization", "Bearer " + token(tenant)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Starts a connection for a tenant and approves it for a shop; returns the callback URL TikTok redirects to. */
    private static URI approvedCallback(String tenant, String shopId) throws Exception {
        HttpResponse<String> started = send("POST", "/v1/shops/connect", tenant, null);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        String authorizationUrl = Json.tree(started.body()).path("authorizationUrl").asText();
        assertThat(authorizationUrl).startsWith(simulator.authorizeUrl().toString())
                .contains("service_id=" + simulator.serviceId()).contains("state=");
        simulator.autoApprove(shopId);
        HttpResponse<String> approval = get(URI.create(authorizationUrl));
        assertThat(approval.statusCode()).isEqualTo(302);
        return URI.create(approval.headers().firstValue("Location").orElseThrow());
    }

    private static List<String> connect(String tenant, String shopId) {
        return TikTokShopConnector.connect(runtime.baseUrl(), token(tenant), simulator, shopId);
    }

    private static JsonNode listed(String tenant, String shopId) throws Exception {
        HttpResponse<String> list = send("GET", "/v1/shops", tenant, null);
        assertThat(list.statusCode()).isEqualTo(200);
        for (JsonNode shop : Json.tree(list.body()).path("shops")) {
            if (shop.path("shopId").asText().equals(shopId)) {
                return shop;
            }
        }
        return null;
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void aConnectedShopIsListedHasItsWebhooksRegisteredAndItsWebhookOrderIsProcessed() throws Exception {
        String tenant = "connect-" + UUID.randomUUID();
        String shopId = simulator.addShop("Connect shop").id();

        List<String> connected = connect(tenant, shopId);

        assertThat(connected).containsExactly(shopId);
        JsonNode listed = listed(tenant, shopId);
        assertThat(listed).isNotNull();
        assertThat(listed.path("status").asText()).isEqualTo("AUTHORIZED");
        assertThat(listed.path("reconnectNeeded").asBoolean(true)).isFalse();
        assertThat(listed.has("accessToken")).isFalse();
        assertThat(listed.has("cipher")).isFalse();
        assertThat(simulator.webhookAddress(shopId, "ORDER_STATUS_CHANGE"))
                .contains(runtime.baseUrl().resolve("/webhooks/tiktok"));
        assertThat(simulator.webhookAddress(shopId, "SELLER_DEAUTHORIZATION")).isPresent();
        Shop stored = shops.find(shopId).orElseThrow();
        assertThat(stored.tenantId()).isEqualTo(tenant);
        assertThat(stored.cipher()).isEqualTo(simulator.shop(shopId).cipher());
        assertThat(stored.accessToken()).isEqualTo(simulator.shop(shopId).tokens().accessToken());

        String orderId = simulator.createPaidOrder(shopId);
        OrderRepository orders = OrderRepository.fromEnv(env);
        await("the connected shop's order is stored for its tenant", Duration.ofSeconds(30),
                () -> orders.find(tenant, orderId).isPresent());
        assertThat(listed("someone-else-" + UUID.randomUUID(), shopId)).isNull();
    }

    @Test
    void renameAndDisconnectWorkOnTheCallersShopAndAnswer404ForAnotherTenants() throws Exception {
        String tenant = "rename-" + UUID.randomUUID();
        String shopId = simulator.addShop("Before").id();
        connect(tenant, shopId);

        HttpResponse<String> blank = send("PATCH", "/v1/shops/" + shopId, tenant, "{\"name\": \" \"}");
        assertThat(blank.statusCode()).isEqualTo(400);
        assertThat(Json.tree(blank.body()).at("/errors/0/field").asText()).isEqualTo("name");
        HttpResponse<String> renamed = send("PATCH", "/v1/shops/" + shopId, tenant, "{\"name\": \"Spring drop\"}");
        assertThat(renamed.statusCode()).isEqualTo(200);
        assertThat(listed(tenant, shopId).path("name").asText()).isEqualTo("Spring drop");

        String other = "other-" + UUID.randomUUID();
        assertThat(send("PATCH", "/v1/shops/" + shopId, other, "{\"name\": \"Mine\"}").statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/v1/shops/" + shopId, other, null).statusCode()).isEqualTo(404);
        assertThat(shops.find(shopId)).isPresent();

        assertThat(send("DELETE", "/v1/shops/" + shopId, tenant, null).statusCode()).isEqualTo(204);
        assertThat(shops.find(shopId)).isEmpty();
        assertThat(listed(tenant, shopId)).isNull();
    }

    @Test
    void aStateWorksOnceAndAnExpiredOrUnknownStateIsRefusedWith400NamingIt() throws Exception {
        String tenant = "state-" + UUID.randomUUID();
        String shopId = simulator.addShop("State shop").id();
        URI callback = approvedCallback(tenant, shopId);

        assertThat(get(callback).statusCode()).isEqualTo(200);
        HttpResponse<String> again = get(callback);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(Json.tree(again.body()).at("/errors/0/field").asText()).isEqualTo("state");

        ConnectStates pastClock = new ConnectStates(env.aws().dynamo(),
                runtime.tables().get("ShopConnectStatesTable"),
                Clock.offset(Clock.systemUTC(), Duration.ofHours(-1)));
        String expired = pastClock.issue(tenant, Duration.ofMinutes(10)).state();
        HttpResponse<String> late = get(runtime.baseUrl().resolve("/v1/shops/callback?code=whatever&state=" + expired));
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(Json.tree(late.body()).at("/errors/0/field").asText()).isEqualTo("state");

        HttpResponse<String> unknown = get(runtime.baseUrl().resolve("/v1/shops/callback?code=x&state=never-issued"));
        assertThat(unknown.statusCode()).isEqualTo(400);
        HttpResponse<String> missing = get(runtime.baseUrl().resolve("/v1/shops/callback?code=x"));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(Json.tree(missing.body()).at("/errors/0/field").asText()).isEqualTo("state");
    }

    @Test
    void aShopConnectedToAnotherTenantIsRefusedWith409AndNothingIsStored() throws Exception {
        String owner = "owner-" + UUID.randomUUID();
        String shopId = simulator.addShop("Owned shop").id();
        connect(owner, shopId);
        Shop before = shops.find(shopId).orElseThrow();

        String intruder = "intruder-" + UUID.randomUUID();
        HttpResponse<String> refused = get(approvedCallback(intruder, shopId));

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(Json.tree(refused.body()).path("title").asText()).isEqualTo("ShopConnectedElsewhere");
        Shop after = shops.find(shopId).orElseThrow();
        assertThat(after.tenantId()).isEqualTo(owner);
        assertThat(after.accessToken()).isEqualTo(before.accessToken());
        assertThat(listed(intruder, shopId)).isNull();
    }

    @Test
    void sellerDeauthorizationShowsReconnectNeededAndStopsEveryCallForTheShop() throws Exception {
        String tenant = "deauth-" + UUID.randomUUID();
        String shopId = simulator.addShop("Deauth shop").id();
        connect(tenant, shopId);

        simulator.deauthorize(shopId);

        await("the shop shows reconnect needed", Duration.ofSeconds(30), () -> {
            try {
                return listed(tenant, shopId).path("reconnectNeeded").asBoolean();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(listed(tenant, shopId).path("status").asText()).isEqualTo("DEAUTHORIZED");
        long callsBefore = simulator.calls("/order/202309/orders");
        TikTokShopClient client = TikTokShopClient.fromEnv(env, shops);
        Shop shop = shops.find(shopId).orElseThrow();
        long started = System.nanoTime();
        assertThatThrownBy(() -> client.orderDetails(shop, List.of("576000000000000001")))
                .isInstanceOf(ShopReconnectNeeded.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(simulator.calls("/order/202309/orders")).isEqualTo(callsBefore);
    }

    @Test
    void theScheduledRefreshRenewsATokenBeforeItExpiresAndAnExpiredRefreshTokenNeedsAReconnect()
            throws Exception {
        simulator.tokenLifetimes(Duration.ofHours(2), Duration.ofDays(30));
        String tenant = "refresh-" + UUID.randomUUID();
        String renewed = simulator.addShop("Refresh shop").id();
        String lapsed = simulator.addShop("Lapsed shop").id();
        connect(tenant, renewed);
        connect(tenant, lapsed);
        Shop before = shops.find(renewed).orElseThrow();
        assertThat(before.accessTokenExpiresAt()).isBefore(Instant.now().plus(Duration.ofHours(3)));
        simulator.expireRefreshToken(lapsed);
        simulator.tokenLifetimes(Duration.ofDays(7), Duration.ofDays(60));

        ShopTokenRefresher.Result result = (ShopTokenRefresher.Result) runtime.functions()
                .get("ShopTokenRefreshFunction").invoke(new ScheduledEvent());

        assertThat(result.refreshed()).isGreaterThanOrEqualTo(1);
        assertThat(result.reconnectNeeded()).isGreaterThanOrEqualTo(1);
        Shop after = shops.find(renewed).orElseThrow();
        assertThat(after.accessToken()).isNotEqualTo(before.accessToken())
                .isEqualTo(simulator.shop(renewed).tokens().accessToken());
        assertThat(after.accessTokenExpiresAt()).isAfter(Instant.now().plus(Duration.ofDays(6)));
        assertThat(listed(tenant, renewed).path("reconnectNeeded").asBoolean(true)).isFalse();
        JsonNode lapsedShop = listed(tenant, lapsed);
        assertThat(lapsedShop.path("status").asText()).isEqualTo("TOKEN_EXPIRED");
        assertThat(lapsedShop.path("reconnectNeeded").asBoolean()).isTrue();
        long callsBefore = simulator.calls("/order/202309/orders");
        assertThatThrownBy(() -> TikTokShopClient.fromEnv(env, shops)
                .orderDetails(shops.find(lapsed).orElseThrow(), List.of("576000000000000002")))
                .isInstanceOf(ShopReconnectNeeded.class);
        assertThat(simulator.calls("/order/202309/orders")).isEqualTo(callsBefore);

        connect(tenant, lapsed);
        assertThat(listed(tenant, lapsed).path("status").asText()).isEqualTo("AUTHORIZED");
    }
}
