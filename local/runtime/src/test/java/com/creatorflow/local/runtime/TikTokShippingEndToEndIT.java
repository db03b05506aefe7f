package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.simulators.carriers.EasyPostSimulator;
import com.creatorflow.local.simulators.tiktok.SimShop;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.inventory.InventoryService;
import com.creatorflow.shared.inventory.domain.InventoryInput;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.shipping.S3LabelStore;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.AuditRecord;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TikTok Shipping through the real fulfilment workflow on the local runtime: an order TikTok ships
 * ({@code shipping_type} TIKTOK) is arranged with TikTok by pickup or drop-off as the creator set, TikTok's label
 * and packing slip are downloaded from their expiring links and stored in the labels bucket, no carrier is asked
 * for a label, and TikTok's package progress moves the order to IN_TRANSIT and DELIVERED. A seller-shipped order of
 * the same creator still buys its label from a carrier.
 */
class TikTokShippingEndToEndIT {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SimulatedWorld world;
    private static TikTokShopSimulator tiktok;
    private static EasyPostSimulator carriers;
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        world = SimulatedWorld.start(Map.of());
        tiktok = world.tiktok();
        carriers = world.carriers();
        runtime = world.runtime();
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private record Creator(String tenant, String shopId) {
    }

    /** A creator with a connected shop, stock, and shipping settings saved through the API. */
    private static Creator creator(String tiktokHandover) throws Exception {
        String tenant = "tts-" + UUID.randomUUID();
        SimShop shop = tiktok.addShop("TikTok Shipping shop " + tenant);
        ShopRegistry.fromEnv(env()).save(shop.toShop(tenant));
        InventoryService inventory = InventoryService.fromEnv(runtime.functions().get("InventoryReserveFunction").env());
        for (String sku : TikTokShopSimulator.sellerSkus()) {
            inventory.stock().adjust(tenant, sku, InventoryInput.DEFAULT_LOCATION, 10, "opening stock", "test");
        }
        HttpResponse<String> profiles = api(tenant, "POST", "/v1/shipping/profiles/import", "text/csv",
                "sku,weightGrams,lengthMm,widthMm,heightMm,hsCode,shipsAlone\n"
                        + TikTokShopSimulator.sellerSkus().stream().map(s -> s + ",200,250,200,40,,false")
                        .reduce((a, b) -> a + "\n" + b).orElseThrow() + "\n");
        assertThat(profiles.statusCode()).as(profiles.body()).isEqualTo(200);
        HttpResponse<String> saved = api(tenant, "PUT", "/v1/shipping/settings", "application/json",
                Json.write(settings(tiktokHandover)));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        return new Creator(tenant, shop.id());
    }

    private static Map<String, Object> settings(String tiktokHandover) {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("name", "Studio");
        address.put("line1", "500 Demo Way");
        address.put("city", "Los Angeles");
        address.put("region", "CA");
        address.put("postalCode", "90012");
        address.put("country", "US");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("shipFrom", List.of(Map.of("id", "studio", "default", true, "address", address)));
        body.put("carriers", List.of(Map.of("carrier", "usps"), Map.of("carrier", "ups")));
        body.put("holdWindowSeconds", 0);
        if (tiktokHandover != null) {
            body.put("tiktokHandover", tiktokHandover);
        }
        return body;
    }

    private static String paidOrder(Creator creator, boolean tiktokShipping) {
        String orderId = Long.toString(580_000_000_000_000_000L + Math.abs(UUID.randomUUID().getLeastSignificantBits()
                % 1_000_000_000_000L));
        tiktok.createOrder(creator.shopId(), orderId, Map.of("TEE-BLK-M", 2), tiktokShipping);
        tiktok.setStatus(orderId, TikTokOrderStatus.ON_HOLD);
        tiktok.setStatus(orderId, TikTokOrderStatus.AWAITING_SHIPMENT);
        return orderId;
    }

    @Test
    void aTikTokShippedOrderNeverCallsACarrierStoresTikToksLabelAndIsTrackedToDeliveredThroughTikTok()
            throws Exception {
        Creator creator = creator("PICKUP");
        tiktok.tiktokShipping(Duration.ofMinutes(5), 1, null);
        long expiredBefore = tiktok.documentDownloads()[1];
        String orderId = paidOrder(creator, true);

        Order shipped = awaitTikTokLabel(creator, orderId);
        assertThat(shipped.state()).isEqualTo(OrderState.SHIPPED);
        assertThat(carriers.labelPurchases().keySet()).as("no carrier was asked for a label")
                .noneMatch(reference -> reference.contains(orderId));
        assertThat(shipped.shippingType()).isEqualTo("TIKTOK");
        ShipmentPackage pkg = shipped.packages().get(0);
        assertThat(pkg.carrier()).isEqualTo("tiktok");
        assertThat(pkg.trackingNumber()).startsWith("TT");
        assertThat(pkg.tiktokLineIds()).hasSize(2);
        assertThat(tiktok.handoverMethod(orderId)).as("the creator's setting").isEqualTo("PICKUP");
        assertThat(tiktok.documentDownloads()[1]).as("the first link had expired and a fresh one was asked for")
                .isGreaterThan(expiredBefore);

        S3LabelStore labels = S3LabelStore.fromEnv(runtime.functions().get("ArrangeTikTokShipmentFunction").env());
        byte[] label = labels.get(creator.tenant(), pkg.labelId()).orElseThrow();
        assertThat(new String(label, StandardCharsets.US_ASCII)).startsWith("%PDF").contains("SHIPPING_LABEL")
                .contains(pkg.trackingNumber());
        assertThat(new String(labels.get(creator.tenant(), pkg.labelId() + "-packing-slip").orElseThrow(),
                StandardCharsets.US_ASCII)).contains("PACKING_SLIP");
        assertThat(labels.get("someone-else", pkg.labelId())).as("another tenant finds nothing").isEmpty();
        HttpResponse<String> download = api(creator.tenant(), "GET", "/v1/orders/" + orderId + "/label",
                "application/json", "");
        assertThat(download.statusCode()).as("the creator prints TikTok's label like ours").isEqualTo(302);
        assertThat(api("tts-other-" + UUID.randomUUID(), "GET", "/v1/orders/" + orderId + "/label",
                "application/json", "").statusCode()).isEqualTo(404);

        await("the workflow commits the two units that left", () -> InventoryService.fromEnv(runtime.functions()
                .get("InventoryCommitFunction").env()).repository().stock(creator.tenant(), "TEE-BLK-M").onHand() == 8);
        assertThat(tiktok.progressTikTokShipment(orderId)).isTrue();
        awaitState(creator, orderId, OrderState.IN_TRANSIT);
        assertThat(tiktok.progressTikTokShipment(orderId)).isTrue();
        awaitState(creator, orderId, OrderState.DELIVERED);
        List<String> trail = orders().history(creator.tenant(), orderId).stream().map(AuditRecord::to).toList();
        assertThat(trail).as("TikTok's AWAITING_COLLECTION webhook may record SHIPPED before the step does")
                .containsSubsequence("RESERVED", "SHIPPED", "IN_TRANSIT", "DELIVERED").doesNotContain("NEEDS_ATTENTION");
        assertThat(orders().history(creator.tenant(), orderId)).as("the step recorded TikTok's documents")
                .anyMatch(r -> r.actor().equals("workflow:tiktok-shipping"));
    }

    @Test
    void aTikTokShippedOrderIsDroppedOffWhenTheCreatorSetNothing() throws Exception {
        Creator creator = creator(null);
        String orderId = paidOrder(creator, true);
        Order shipped = awaitTikTokLabel(creator, orderId);
        assertThat(tiktok.handoverMethod(orderId)).isEqualTo("DROP_OFF");
        assertThat(shipped.packages()).allSatisfy(p -> assertThat(p.carrier()).isEqualTo("tiktok"));
        assertThat(carriers.labelPurchases().keySet()).noneMatch(reference -> reference.contains(orderId));
    }

    @Test
    void aSellerShippedOrderStillBuysItsLabelFromACarrier() throws Exception {
        Creator creator = creator("PICKUP");
        String orderId = paidOrder(creator, false);
        Order shipped = awaitState(creator, orderId, OrderState.SHIPPED);
        assertThat(shipped.shippingType()).isEqualTo("SELLER");
        assertThat(carriers.labelPurchases()).hasEntrySatisfying(creator.tenant() + "/" + orderId,
                purchases -> assertThat(purchases.labels()).isEqualTo(1));
        assertThat(shipped.packages()).allSatisfy(p -> assertThat(Carrier.ofCode(p.carrier())
                .isValidTrackingNumber(p.trackingNumber())).isTrue());
        assertThat(tiktok.handoverMethod(orderId)).as("nothing was arranged with TikTok Shipping").isNull();
    }

    @Test
    void aTikTokHandoverSettingOtherThanPickupOrDropOffIsA400NamingTheField() throws Exception {
        String tenant = "tts-" + UUID.randomUUID();
        HttpResponse<String> refused = api(tenant, "PUT", "/v1/shipping/settings", "application/json",
                Json.write(settings("COURIER")));
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode problem = Json.tree(refused.body());
        assertThat(problem.toString()).contains("tiktokHandover");
    }

    private static Env env() {
        return runtime.functions().get("TikTokSyncFunction").env();
    }

    private static OrderRepository orders() {
        return OrderRepository.fromEnv(env());
    }

    private static HttpResponse<String> api(String tenant, String method, String path, String type, String body)
            throws Exception {
        String token = runtime.jwt().issue(tenant, "creator", Duration.ofMinutes(5));
        return HTTP.send(HttpRequest.newBuilder(runtime.baseUrl().resolve(path))
                .header("Authorization", "Bearer " + token).header("Content-Type", type)
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Order awaitState(Creator creator, String orderId, OrderState state) throws InterruptedException {
        await("order " + orderId + " is " + state, () -> orders().find(creator.tenant(), orderId)
                .map(o -> o.state() == state).orElse(false));
        return orders().get(creator.tenant(), orderId);
    }

    /**
     * The order once the TikTok Shipping step recorded TikTok's label (TikTok's own AWAITING_COLLECTION webhook may
     * move it to SHIPPED a moment before).
     */
    private static Order awaitTikTokLabel(Creator creator, String orderId) throws InterruptedException {
        await("order " + orderId + " has TikTok's label", () -> orders().find(creator.tenant(), orderId)
                .map(o -> o.state() == OrderState.SHIPPED && !o.packages().isEmpty()
                        && o.packages().stream().allMatch(p -> p.labelId() != null)).orElse(false));
        return orders().get(creator.tenant(), orderId);
    }

    private static void await(String what, BooleanSupplier check) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting until " + what);
    }
}
