package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.simulators.tiktok.SimShop;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.local.simulators.tiktok.Webhook;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.idempotency.IdempotencyStatus;
import com.creatorflow.shared.idempotency.IdempotencyStore;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.domain.Shop;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TikTok Shop end to end through the local runtime: the simulator sends signed webhooks to the HTTP front door, the
 * intake stores and queues them, the sync worker fetches from the simulator and stores orders in Dynoxide.
 */
class TikTokEndToEndIT {
    private static final String APP_KEY = "e2e-app";
    private static final String APP_SECRET = "e2e-secret-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TikTokShopSimulator simulator;
    private static LocalRuntime runtime;
    private static Env env;
    private static OrderRepository orders;
    private static ShopRegistry shops;
    private static URI intake;

    @BeforeAll
    static void start() {
        simulator = TikTokShopSimulator.start(APP_KEY, APP_SECRET);
        runtime = LocalRuntime.start(RuntimeOptions.forTests(), Map.of("TIKTOK_APP_KEY", APP_KEY,
                "TIKTOK_APP_SECRET", APP_SECRET, "TIKTOK_API_URL", simulator.baseUrl().toString(),
                "TIKTOK_AUTH_URL", simulator.baseUrl().toString(), "TIKTOK_BACKOFF_MILLIS", "20",
                "TIKTOK_CIRCUIT_OPEN_SECONDS", "1"));
        env = runtime.functions().get("TikTokSyncFunction").env();
        orders = OrderRepository.fromEnv(env);
        shops = ShopRegistry.fromEnv(env);
        intake = runtime.baseUrl().resolve("/webhooks/tiktok");
        simulator.webhooks().target(intake);
    }

    @AfterAll
    static void stop() {
        runtime.close();
        simulator.close();
    }

    private static Shop newShop() {
        SimShop simShop = simulator.addShop("E2E shop " + UUID.randomUUID());
        return shops.save(simShop.toShop("tenant-" + UUID.randomUUID()));
    }

    /** An order created (and, if asked, paid) without its webhooks being delivered. */
    private static String quietOrder(Shop shop, boolean paid) {
        simulator.webhooks().target(null);
        try {
            return paid ? simulator.createPaidOrder(shop.shopId()) : simulator.createOrder(shop.shopId());
        } finally {
            simulator.webhooks().target(intake);
        }
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

    private static int post(byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(intake).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header("Authorization", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** HMAC-SHA256(secret, appKey + body), computed here rather than by the code under test. */
    private static String sign(byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update(APP_KEY.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    private static boolean hasState(Shop shop, String orderId, OrderState state) {
        return orders.find(shop.tenantId(), orderId).map(o -> o.state() == state).orElse(false);
    }

    @Test
    void aDuplicateStormOfFiftyHasOneEffect() throws Exception {
        Shop shop = newShop();
        String orderId = quietOrder(shop, true);
        Webhook webhook = simulator.statusWebhook(orderId);
        String signature = sign(webhook.body());
        ExecutorService pool = Executors.newFixedThreadPool(25);
        List<Integer> statuses = new ArrayList<>();
        try {
            List<Callable<Integer>> storm = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                storm.add(() -> post(webhook.body(), signature));
            }
            for (Future<Integer> answer : pool.invokeAll(storm)) {
                statuses.add(answer.get());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(statuses).containsOnly(200);
        IdempotencyStore records = IdempotencyStore.fromEnv(env);
        String key = "tiktok-webhook#" + webhook.notificationId();
        await("the notification is synced", Duration.ofSeconds(30), () -> records.get(key)
                .map(r -> r.status() == IdempotencyStatus.COMPLETED).orElse(false));
        Order order = orders.get(shop.tenantId(), orderId);
        assertThat(order.tiktokStatus()).isEqualTo(TikTokOrderStatus.AWAITING_SHIPMENT);
        assertThat(order.executionArn()).endsWith("order-" + orderId);
        List<String> actions = orders.history(shop.tenantId(), orderId).stream().map(r -> r.action()).toList();
        assertThat(actions).containsOnlyOnce("CREATED").doesNotContain("WORKFLOW_STARTED");
        assertThat(simulator.detailFetches(orderId))
                .as("one queued message, so one order fetch (a second only if the client retried a slow read)")
                .isBetween(1L, 2L);
    }

    @Test
    void badSignaturesAndUnknownShopsAreRefusedAtTheFrontDoor() throws Exception {
        Shop shop = newShop();
        Webhook webhook = simulator.statusWebhook(quietOrder(shop, true));
        assertThat(post(webhook.body(), null)).isEqualTo(401);
        assertThat(post(webhook.body(), "0".repeat(64))).isEqualTo(401);

        SimShop stranger = simulator.addShop("never connected");
        Webhook unknown = simulator.webhook(1, stranger.id(), "576400000000000001", com.creatorflow.shared.json.Json
                .object().put("order_id", "576400000000000001").put("order_status", "UNPAID")
                .put("update_time", 1764097000));
        assertThat(post(unknown.body(), sign(unknown.body()))).isEqualTo(404);
    }

    @Test
    void anOlderStatusDeliveredAfterANewerOneIsIgnored() throws Exception {
        Shop shop = newShop();
        String orderId = quietOrder(shop, false);
        Webhook unpaid = simulator.statusWebhook(orderId);
        simulator.webhooks().target(null);
        try {
            simulator.setStatus(orderId, TikTokOrderStatus.AWAITING_SHIPMENT);
        } finally {
            simulator.webhooks().target(intake);
        }
        Webhook paid = simulator.statusWebhook(orderId);

        assertThat(post(paid.body(), sign(paid.body()))).isEqualTo(200);
        IdempotencyStore records = IdempotencyStore.fromEnv(env);
        await("the paid notification is synced", Duration.ofSeconds(30), () -> records
                .get("tiktok-webhook#" + paid.notificationId())
                .map(r -> r.status() == IdempotencyStatus.COMPLETED).orElse(false));
        assertThat(orders.get(shop.tenantId(), orderId).state()).isEqualTo(OrderState.READY);
        long syncWrites = syncWrites(shop, orderId);
        assertThat(post(unpaid.body(), sign(unpaid.body()))).isEqualTo(200);
        await("the old notification is processed", Duration.ofSeconds(30), () -> records
                .get("tiktok-webhook#" + unpaid.notificationId())
                .map(r -> r.status() == IdempotencyStatus.COMPLETED).orElse(false));
        Order order = orders.get(shop.tenantId(), orderId);
        assertThat(order.tiktokStatus()).isEqualTo(TikTokOrderStatus.AWAITING_SHIPMENT);
        assertThat(syncWrites(shop, orderId)).isEqualTo(syncWrites);
        assertThat(records.get("tiktok-webhook#" + unpaid.notificationId()).orElseThrow().data())
                .contains("UNCHANGED");
    }

    /** Audit entries the TikTok sync wrote for an order (workflow steps write their own). */
    private static long syncWrites(Shop shop, String orderId) {
        return orders.history(shop.tenantId(), orderId).stream()
                .filter(r -> r.actor().equals("system:tiktok-sync")).count();
    }

    @Test
    void aTikTokOutageMidSyncLosesNothingAndEveryOrderConvergesAfterRecovery() throws Exception {
        Shop shop = newShop();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(simulator.createPaidOrder(shop.shopId()));
        }
        simulator.chaos().outage(true);
        try {
            for (int i = 0; i < 15; i++) {
                created.add(simulator.createPaidOrder(shop.shopId()));
            }
            Thread.sleep(2500);
        } finally {
            simulator.chaos().outage(false);
        }
        assertThat(simulator.stats().get("errorsByCode").toString()).contains("36009003");
        await("every order is stored as READY", Duration.ofSeconds(60),
                () -> created.stream().allMatch(id -> hasState(shop, id, OrderState.READY)));
        for (String id : created) {
            assertThat(orders.get(shop.tenantId(), id).tiktokStatus()).isEqualTo(TikTokOrderStatus.AWAITING_SHIPMENT);
        }
    }

    @Test
    void reconciliationRepairsADroppedWebhook() throws Exception {
        Shop shop = newShop();
        simulator.webhooks().dropRate(1);
        String orderId;
        try {
            orderId = simulator.createPaidOrder(shop.shopId());
        } finally {
            simulator.webhooks().dropRate(0);
        }
        Thread.sleep(500);
        assertThat(orders.find(shop.tenantId(), orderId)).isEmpty();
        Object report = ScheduleEventSource.fire(runtime.functions().get("ReconciliationFunction"));
        assertThat(report).isNotNull();
        await("the dropped order is repaired", Duration.ofSeconds(30), () -> hasState(shop, orderId, OrderState.READY));
    }
}
