package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.simulators.tiktok.SimShop;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.local.stack.ProjectPaths;
import com.creatorflow.shared.inventory.InventoryService;
import com.creatorflow.shared.inventory.domain.InventoryInput;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.LineItem;
import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.tiktok.ListingMap;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.domain.Listing;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stock pushed to TikTok listings on the local runtime: the scheduled reconciliation imports the SKU ↔ listing map
 * from the shop's catalogue (the simulator's Search Products) and sets listings to our stock; every later change of
 * available stock (CSV import, 200 concurrent reservations of one SKU through the workflow's reserve step, releases,
 * an adjustment) reaches TikTok through the Inventory table's stream and the stock push; a change made on TikTok's
 * side (drift) is repaired by the next reconciliation.
 */
class TikTokStockPushEndToEndIT {
    private static final String APP_KEY = "stock-app";
    private static final String APP_SECRET = "stock-secret-" + UUID.randomUUID();
    private static final String SKU = "TEE-BLK-M";
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TikTokShopSimulator tiktok;
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        tiktok = TikTokShopSimulator.start(APP_KEY, APP_SECRET);
        runtime = LocalRuntime.start(RuntimeOptions.forTests(), Map.of("TIKTOK_APP_KEY", APP_KEY,
                "TIKTOK_APP_SECRET", APP_SECRET, "TIKTOK_API_URL", tiktok.baseUrl().toString(),
                "TIKTOK_AUTH_URL", tiktok.baseUrl().toString(), "TIKTOK_BACKOFF_MILLIS", "20"));
        tiktok.webhooks().target(runtime.baseUrl().resolve("/webhooks/tiktok"));
    }

    @AfterAll
    static void stop() {
        try {
            runtime.close();
        } finally {
            tiktok.close();
        }
    }

    @Test
    void twoHundredConcurrentOrdersOnASkuLeaveTikToksStockEqualToOursAndDriftIsRepaired() throws Exception {
        String tenant = "stock-" + UUID.randomUUID();
        SimShop shop = tiktok.addShop("Stock shop " + tenant);
        ShopRegistry.fromEnv(runtime.functions().get("StockPushFunction").env()).save(shop.toShop(tenant));
        HttpResponse<String> imported = api(tenant, "POST", "/v1/inventory/import", "text/csv",
                "sku,quantity\n" + SKU + ",250\nSTICKER-01,80\n");
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);

        JsonNode first = reconcile();
        assertThat(first.get("mapped").asInt()).as("every catalogue SKU is mapped")
                .isEqualTo(TikTokShopSimulator.sellerSkus().size());
        Listing listing = ListingMap.fromEnv(runtime.functions().get("StockPushFunction").env()).find(tenant, SKU)
                .orElseThrow();
        assertThat(listing.warehouseIds()).containsExactly(TikTokShopSimulator.warehouseId());
        assertThat(tiktok.listingStock(shop.id(), SKU)).isEqualTo(250);
        assertThat(tiktok.listingStock(shop.id(), "STICKER-01")).isEqualTo(80);
        assertThat(tiktok.listingStock(shop.id(), "GLOSS-NUDE")).as("a SKU we hold no stock of is left alone")
                .isEqualTo(100);

        long updatesBefore = tiktok.inventoryUpdates(shop.id());
        List<String> orderIds = readyOrders(tenant, 200);
        List<String> statuses = reserveConcurrently(tenant, orderIds);
        assertThat(statuses).containsOnly("RESERVED");
        awaitTikTokEqualsOurs(tenant, shop.id(), 50);
        long pushes = tiktok.inventoryUpdates(shop.id()) - updatesBefore;
        assertThat(pushes).as("200 stock changes, coalesced per SKU per batch").isBetween(1L, 200L);

        InventoryService inventory = inventory();
        OrderRepository orders = OrderRepository.fromEnv(runtime.functions().get("InventoryReleaseFunction").env());
        for (String orderId : orderIds.subList(0, 30)) {
            orders.transition(orders.get(tenant, orderId), OrderState.CANCELLED, "system:test", "buyer cancelled");
            inventory.reservations().releaseOrder(tenant, orderId, "buyer cancelled");
        }
        awaitTikTokEqualsOurs(tenant, shop.id(), 80);
        inventory.stock().adjust(tenant, SKU, InventoryInput.DEFAULT_LOCATION, 5, "found in the back room", "test");
        awaitTikTokEqualsOurs(tenant, shop.id(), 85);

        tiktok.setListingStock(shop.id(), SKU, 999);
        JsonNode repair = reconcile();
        assertThat(repair.get("repaired")).extracting(JsonNode::asText).contains(SKU);
        assertThat(tiktok.listingStock(shop.id(), SKU)).isEqualTo(available(tenant));
        assertThat(reconcile().get("repaired")).as("nothing left to repair").isEmpty();
    }

    private static JsonNode reconcile() throws Exception {
        byte[] event = Files.readAllBytes(ProjectPaths.root().resolve("events/tiktok-sync/stock-reconcile-schedule.json"));
        return Json.tree(new String(runtime.functions().get("StockReconcileFunction").invokeJson(event),
                StandardCharsets.UTF_8));
    }

    private static InventoryService inventory() {
        return InventoryService.fromEnv(runtime.functions().get("InventoryReserveFunction").env());
    }

    private static long available(String tenant) {
        return inventory().repository().stock(tenant, SKU).available();
    }

    /** Orders of one unit of the SKU each, READY for the workflow's reserve step. */
    private static List<String> readyOrders(String tenant, int count) {
        OrderRepository orders = OrderRepository.fromEnv(runtime.functions().get("InventoryReserveFunction").env());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String lineId = "77" + System.nanoTime();
            Order order = Orders.sample(tenant).toBuilder().state(OrderState.READY).lines(List.of(new LineItem(SKU,
                    "1729384756", "Logo Tee", "Black / M", 1, Money.parse("19.99", "USD"), List.of(lineId))))
                    .build();
            ids.add(orders.create(order, "system:test", "ready").orderId());
        }
        return ids;
    }

    /** The template's reserve step, invoked for every order at once from 16 threads, as concurrent workflows do. */
    private static List<String> reserveConcurrently(String tenant, List<String> orderIds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (String orderId : orderIds) {
                results.add(pool.submit(() -> Json.tree(new String(runtime.functions().get("InventoryReserveFunction")
                        .invokeJson(Json.bytes(Map.of("tenantId", tenant, "orderId", orderId))),
                        StandardCharsets.UTF_8)).get("status").asText()));
            }
            List<String> statuses = new ArrayList<>();
            for (Future<String> result : results) {
                statuses.add(result.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until TikTok shows our figure and still shows it a moment later (no late push overwrites it). */
    private static void awaitTikTokEqualsOurs(String tenant, String shopId, long expected)
            throws InterruptedException {
        assertThat(available(tenant)).isEqualTo(expected);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            long ours = available(tenant);
            if (tiktok.listingStock(shopId, SKU) == ours) {
                Thread.sleep(3_000);
                if (tiktok.listingStock(shopId, SKU) == available(tenant)) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("TikTok shows " + tiktok.listingStock(shopId, SKU) + " units of " + SKU
                + ", we have " + available(tenant) + " available");
    }

    private static HttpResponse<String> api(String tenant, String method, String path, String type, String body)
            throws Exception {
        String token = runtime.jwt().issue(tenant, "creator", Duration.ofMinutes(5));
        return HTTP.send(HttpRequest.newBuilder(runtime.baseUrl().resolve(path))
                .header("Authorization", "Bearer " + token).header("Content-Type", type)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
