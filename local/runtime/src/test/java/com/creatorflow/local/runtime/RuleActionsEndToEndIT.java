package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
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
import com.creatorflow.shared.rules.RulesService;
import com.creatorflow.shared.shipping.ShippingRules;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.RateStrategy;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import com.creatorflow.shared.shipping.testing.ShippingSamples;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.AuditRecord;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.domain.Shop;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.joda.time.DateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The creators' rule actions carried out through the real fulfilment workflow on the local runtime: a rule set saved
 * through the rules API, an order from the TikTok Shop simulator's webhook, the template's functions on the local
 * Step Functions engine against Dynoxide, the carrier simulator and the local S3. Each test would fail if its action
 * were accepted but not carried out.
 */
class RuleActionsEndToEndIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static SimulatedWorld world;
    private static TikTokShopSimulator tiktok;
    private static EasyPostSimulator carriers;
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        world = SimulatedWorld.start(Map.of("HIGH_VALUE_THRESHOLD_MINOR", "10000000", "CARRIER_CIRCUIT_OPEN_SECONDS", "1"));
        tiktok = world.tiktok();
        carriers = world.carriers();
        runtime = world.runtime();
        carriers.latency(Duration.ZERO, Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    private record Creator(String tenant, Shop shop) {
    }

    /** A creator with a shop, shipping settings allowing some carriers, stock and the given rules (saved by API). */
    private static Creator creator(List<String> carriersAllowed, int unitsPerSku, String rulesJson) throws Exception {
        String tenant = "rules-" + UUID.randomUUID();
        SimShop simShop = tiktok.addShop("Rules shop " + tenant);
        Shop shop = ShopRegistry.fromEnv(env()).save(simShop.toShop(tenant));
        ShippingStore.fromEnv(runtime.functions().get("CreateLabelFunction").env()).putRules(tenant,
                new ShippingRules(RateStrategy.CHEAPEST, carriersAllowed, List.of(), List.of(),
                        RateStrategy.CHEAPEST, 5, 0, ShippingSamples.SHIP_FROM,
                        new SkuProfile("*", 300, 250, 200, 50, "610910", false)));
        if (unitsPerSku > 0) {
            for (String sku : TikTokShopSimulator.sellerSkus()) {
                inventory().stock().adjust(tenant, sku, InventoryInput.DEFAULT_LOCATION, unitsPerSku, "opening stock", "test");
            }
        }
        Creator creator = new Creator(tenant, shop);
        HttpResponse<String> saved = api(creator, HttpRequest.newBuilder(url("/v1/rules"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(rulesJson)));
        assertThat(saved.statusCode()).as(saved.body()).isIn(200, 201);
        return creator;
    }

    /** One rule matching every order, with the given actions. */
    private static String everyOrder(String actionsJson) {
        return "{\"rules\": [{\"id\": \"r1\", \"name\": \"every order\", \"priority\": 1, "
                + "\"pattern\": {\"currency\": [{\"exists\": true}]}, \"actions\": " + actionsJson + "}]}";
    }

    /** A paid order that went through ON_HOLD (so it ships at once), delivered to us by webhooks. */
    private static String paidOrder(Creator creator, Map<String, Integer> units) {
        String orderId = unpaidOrder(creator, units);
        tiktok.setStatus(orderId, TikTokOrderStatus.ON_HOLD);
        tiktok.setStatus(orderId, TikTokOrderStatus.AWAITING_SHIPMENT);
        return orderId;
    }

    private static String unpaidOrder(Creator creator, Map<String, Integer> units) {
        return tiktok.createOrder(creator.shop().shopId(), UUID.randomUUID().toString().replaceAll("\\D", "")
                .substring(0, 6) + System.nanoTime() % 1_000_000_000_000L, units);
    }

    @Test
    void aUseCarrierRuleShipsWithThatCarrierEvenWhenAnotherIsCheaper() throws Exception {
        Creator cheapest = creator(List.of("usps", "ups", "fedex"), 10, "{\"rules\": []}");
        Order free = awaitState(cheapest, paidOrder(cheapest, Map.of("TEE-BLK-M", 1)), OrderState.SHIPPED);
        String cheapestCarrier = free.packages().get(0).carrier();
        String ruled = cheapestCarrier.equals("ups") ? "fedex" : "ups";

        Creator creator = creator(List.of("usps", "ups", "fedex"), 10,
                everyOrder("[{\"type\": \"useCarrier\", \"carrier\": \"" + ruled.toUpperCase() + "\"}]"));
        String orderId = paidOrder(creator, Map.of("TEE-BLK-M", 1));
        Order shipped = awaitState(creator, orderId, OrderState.SHIPPED);

        assertThat(shipped.packages()).extracting(ShipmentPackage::carrier).containsOnly(ruled);
        AuditRecord labelled = entry(creator, orderId, "TRANSITION", "LABELED");
        assertThat(labelled.details()).contains("creator rule 'r1' requires " + ruled);
    }

    @Test
    void whenTheRuledCarrierIsDownTheOrderWaitsForAPersonInsteadOfFailingOverToAnother() throws Exception {
        Creator creator = creator(List.of("usps", "dhl-express"), 10,
                everyOrder("[{\"type\": \"useCarrier\", \"carrier\": \"dhl-express\"}]"));
        carriers.faults(Carrier.DHL_EXPRESS).outage(true);
        try {
            String orderId = paidOrder(creator, Map.of("TEE-BLK-M", 1));
            Order waiting = awaitState(creator, orderId, OrderState.NEEDS_ATTENTION);
            assertThat(waiting.attentionReason()).contains("creator rule 'r1' requires dhl-express");
            assertThat(waiting.packages()).isEmpty();
        } finally {
            carriers.faults(Carrier.DHL_EXPRESS).outage(false);
        }
    }

    @Test
    void aCarrierTheShippingSettingsDoNotAllowPutsTheOrderInFrontOfAPersonWithTheReason() throws Exception {
        Creator creator = creator(List.of("usps", "ups"), 10,
                everyOrder("[{\"type\": \"useCarrier\", \"carrier\": \"fedex\", \"serviceLevel\": \"GROUND\"}]"));
        String orderId = paidOrder(creator, Map.of("TEE-BLK-M", 1));

        Order waiting = awaitState(creator, orderId, OrderState.NEEDS_ATTENTION);
        assertThat(waiting.attentionReason()).contains("creator rule 'r1'").contains("fedex")
                .contains("do not allow");
        assertThat(waiting.packages()).isEmpty();
        JsonNode reviews = Json.tree(api(creator, HttpRequest.newBuilder(url("/v1/reviews")).GET()).body());
        assertThat(reviews.toString()).contains(orderId);
    }

    @Test
    void aSplitBySkuRuleLabelsOnePackagePerSkuAndTheDryRunShowsTheSameDecision() throws Exception {
        Creator creator = creator(List.of("usps", "ups"), 10,
                everyOrder("[{\"type\": \"splitShipment\", \"strategy\": \"BY_SKU\"}]"));
        String orderId = paidOrder(creator, Map.of("TEE-BLK-M", 2, "STICKER-01", 1));
        Order shipped = awaitState(creator, orderId, OrderState.SHIPPED);

        Map<String, String> skuOfLine = shipped.lines().stream().flatMap(l -> l.tiktokLineIds().stream()
                .map(id -> Map.entry(id, l.sku()))).collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(shipped.packages()).hasSize(2).allSatisfy(p -> {
            assertThat(p.tiktokLineIds().stream().map(skuOfLine::get).distinct()).hasSize(1);
            assertThat(p.labelId()).isNotBlank();
        });
        assertThat(shipped.packages()).extracting(ShipmentPackage::labelId).doesNotHaveDuplicates();
        assertThat(shipped.packages()).extracting(ShipmentPackage::trackingNumber).doesNotHaveDuplicates();

        JsonNode dryRun = Json.tree(api(creator, HttpRequest.newBuilder(url("/v1/rules/dry-run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\": \"" + orderId + "\"}"))).body());
        JsonNode recorded = Json.tree(entry(creator, orderId, RulesService.AUDIT_ACTION, null).details())
                .get("outcome");
        assertThat(dryRun.at("/decision/outcome")).isEqualTo(recorded);
        assertThat(recorded.at("/split/strategy").asText()).isEqualTo("BY_SKU");
    }

    @Test
    void aRoutingRuleReservesFromThatWarehouseOnly() throws Exception {
        Creator creator = creator(List.of("usps", "ups"), 10,
                everyOrder("[{\"type\": \"routeToWarehouse\", \"warehouse\": \"west-1\"}]"));
        inventory().stock().adjust(creator.tenant(), "TEE-BLK-M", "west-1", 5, "west coast stock", "test");
        String orderId = paidOrder(creator, Map.of("TEE-BLK-M", 2));
        awaitState(creator, orderId, OrderState.SHIPPED);

        await("the shipped units left west-1", () -> onHand(creator, "TEE-BLK-M", "west-1") == 3);
        assertThat(onHand(creator, "TEE-BLK-M", InventoryInput.DEFAULT_LOCATION)).isEqualTo(10);
    }

    @Test
    void aRoutingRuleToAnUnknownWarehousePutsTheOrderInFrontOfAPerson() throws Exception {
        Creator creator = creator(List.of("usps", "ups"), 10,
                everyOrder("[{\"type\": \"routeToWarehouse\", \"warehouse\": \"nowhere-9\"}]"));
        String orderId = paidOrder(creator, Map.of("TEE-BLK-M", 1));

        Order waiting = awaitState(creator, orderId, OrderState.NEEDS_ATTENTION);
        assertThat(waiting.attentionReason()).contains("warehouse nowhere-9").contains("unknown");
        assertThat(inventory().repository().reservations().reservation(creator.tenant(), orderId)).isEmpty();
    }

    @Test
    void aNotifyRuleSendsItsMessageThroughTheNotificationService() throws Exception {
        Creator creator = creator(List.of("usps", "ups"), 10, everyOrder(
                "[{\"type\": \"notify\", \"channel\": \"WEBHOOK\", \"message\": \"A rule saw this order\"}]"));
        String orderId = paidOrder(creator, Map.of("TEE-BLK-M", 1));
        awaitState(creator, orderId, OrderState.SHIPPED);

        await("the inbox holds the rule's notification", () -> {
            JsonNode inbox = Json.tree(api(creator, HttpRequest.newBuilder(url("/v1/notifications")).GET()).body());
            for (JsonNode item : inbox.path("items")) {
                if ("RULE".equals(item.path("kind").asText()) && orderId.equals(item.path("orderId").asText())) {
                    return "A rule saw this order".equals(item.path("message").asText())
                            && "WEBHOOK".equals(item.at("/data/channel").asText());
                }
            }
            return false;
        });
    }

    @Test
    void aPriorityOrderIsServedFirstWhenBackOrderedStockArrives() throws Exception {
        Creator creator = creator(List.of("usps", "ups"), 0, "{\"rules\": [{\"id\": \"big\", \"name\": \"big orders "
                + "first\", \"priority\": 1, \"pattern\": {\"unitCount\": [{\"numeric\": [\"=\", 3]}]}, "
                + "\"actions\": [{\"type\": \"setPriority\", \"priority\": 50}]}]}");
        String older = paidOrder(creator, Map.of("TEE-BLK-M", 2));
        awaitState(creator, older, OrderState.BACKORDERED);
        String priority = paidOrder(creator, Map.of("TEE-BLK-M", 3));
        Order waiting = awaitState(creator, priority, OrderState.BACKORDERED);
        assertThat(waiting.priority()).isEqualTo(50);
        await("both wait for stock", () -> inventory().repository().backorders()
                .waiting(creator.tenant(), priority).map(w -> w.taskToken() != null).orElse(false));

        inventory().stock().adjust(creator.tenant(), "TEE-BLK-M", InventoryInput.DEFAULT_LOCATION, 3, "delivery", "test");

        awaitState(creator, priority, OrderState.SHIPPED);
        assertThat(orders().get(creator.tenant(), older).state()).isEqualTo(OrderState.BACKORDERED);
    }

    @Test
    void anUnpaidOrderPastTheRulesAgeIsCancelledThroughTheCancellationWorkflowAndTikTokIsTold() throws Exception {
        Creator creator = creator(List.of("usps", "ups"), 10, "{\"rules\": [{\"id\": \"unpaid-2h\", \"name\": "
                + "\"cancel unpaid\", \"priority\": 1, \"pattern\": {\"isUnpaid\": [true]}, "
                + "\"actions\": [{\"type\": \"autoCancelUnpaid\", \"afterHours\": 2}]}]}");
        String orderId = unpaidOrder(creator, Map.of("TEE-BLK-M", 1));
        awaitState(creator, orderId, OrderState.RECEIVED);

        sweepAt(DateTime.now().plusMinutes(90));
        assertThat(orders().get(creator.tenant(), orderId).state()).as("not yet two hours")
                .isEqualTo(OrderState.RECEIVED);

        sweepAt(DateTime.now().plusHours(2).plusMinutes(1));
        assertThat(LocalExecutions.awaitEnd(runtime.aws().stepFunctions(), "cancel-" + orderId, PATIENCE)).isEqualTo(ExecutionStatus.SUCCEEDED);
        Order cancelled = orders().get(creator.tenant(), orderId);
        assertThat(cancelled.state()).isEqualTo(OrderState.CANCELLED);
        assertThat(entry(creator, orderId, "TRANSITION", "CANCELLED").reason()).contains("unpaid-2h");
        assertThat(tiktok.status(orderId)).isEqualTo(TikTokOrderStatus.CANCELLED);
    }

    private static void sweepAt(DateTime time) {
        ScheduledEvent event = new ScheduledEvent();
        event.setId(UUID.randomUUID().toString());
        event.setSource("aws.events");
        event.setDetailType("Scheduled Event");
        event.setTime(time);
        runtime.functions().get("UnpaidOrderSweepFunction").invoke(event);
    }

    private static long onHand(Creator creator, String sku, String location) {
        return inventory().repository().stock(creator.tenant(), sku).at(location).orElseThrow().onHand();
    }

    /** The last audit entry of an action (and target state, when given). */
    private static AuditRecord entry(Creator creator, String orderId, String action, String to) {
        List<AuditRecord> trail = orders().history(creator.tenant(), orderId);
        for (int i = trail.size() - 1; i >= 0; i--) {
            AuditRecord record = trail.get(i);
            if (record.action().equals(action) && (to == null || to.equals(record.to()))) {
                return record;
            }
        }
        throw new AssertionError("no " + action + " " + to + " in " + trail.stream()
                .map(r -> r.action() + ":" + r.to()).toList());
    }

    private static Env env() {
        return runtime.functions().get("TikTokSyncFunction").env();
    }

    private static InventoryService inventory() {
        return InventoryService.fromEnv(runtime.functions().get("InventoryReserveFunction").env());
    }

    private static OrderRepository orders() {
        return OrderRepository.fromEnv(env());
    }


    private static Order awaitState(Creator creator, String orderId, OrderState state) throws InterruptedException {
        try {
            await("order " + orderId + " is " + state, () -> orders().find(creator.tenant(), orderId)
                    .map(o -> o.state() == state).orElse(false));
        } catch (AssertionError e) {
            String now = orders().find(creator.tenant(), orderId).map(o -> o.state() + " (" + o.attentionReason()
                    + "), trail " + orders().history(creator.tenant(), orderId).stream()
                    .map(r -> r.action() + ":" + r.to()).toList()).orElse("never stored");
            throw new AssertionError(e.getMessage() + "; order is " + now, e.getCause());
        }
        return orders().get(creator.tenant(), orderId);
    }

    private static HttpResponse<String> api(Creator creator, HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.header("Authorization", "Bearer " + runtime.jwt().issue(creator.tenant(), "creator",
                Duration.ofMinutes(5))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(String path) {
        return runtime.baseUrl().resolve(path);
    }

    private static void await(String what, Eventually.Check check) throws InterruptedException {
        Eventually.await(what, PATIENCE, check);
    }
}
