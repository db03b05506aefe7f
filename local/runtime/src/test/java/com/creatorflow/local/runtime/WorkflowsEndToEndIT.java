package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.creatorflow.local.simulators.carriers.EasyPostSimulator;
import com.creatorflow.local.simulators.tiktok.SimShop;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.local.stack.ProjectPaths;
import com.creatorflow.shared.actions.StuckOrderSweeper;
import com.creatorflow.shared.analytics.AnalyticsService;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.inventory.InventoryService;
import com.creatorflow.shared.inventory.domain.InventoryInput;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.review.ReviewRepository;
import com.creatorflow.shared.review.domain.Decision;
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
import com.creatorflow.shared.tiktok.domain.TikTokOrderMapper;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * The fulfilment workflows end to end on the local runtime: TikTok Shop (simulator) sends a signed webhook, the
 * intake and sync store the order and start the fulfilment state machine on the local Step Functions engine, whose
 * steps (validation, rules, inventory, carriers, labels, push to TikTok, notification) are the template's functions
 * against Dynoxide; decisions go through the review API; domain events flow through the local EventBridge.
 */
class WorkflowsEndToEndIT {
    private static final String APP_KEY = "wf-app";
    private static final String APP_SECRET = "wf-secret-" + UUID.randomUUID();
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TikTokShopSimulator tiktok;
    private static EasyPostSimulator carriers;
    private static Path data;
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        tiktok = TikTokShopSimulator.start(APP_KEY, APP_SECRET);
        carriers = EasyPostSimulator.start();
        data = Files.createTempDirectory("workflows-e2e");
        runtime = boot();
    }

    private static LocalRuntime boot() {
        Map<String, String> overrides = SimulatedWorld.variables(tiktok, carriers, APP_KEY, APP_SECRET);
        overrides.putAll(Map.of("HIGH_VALUE_THRESHOLD_MINOR", "15000", "CARRIER_CIRCUIT_OPEN_SECONDS", "1"));
        LocalRuntime started = LocalRuntime.start(RuntimeOptions.forTests().withDataDir(data), overrides);
        SimulatedWorld.wire(tiktok, carriers, started);
        return started;
    }

    @AfterAll
    static void stop() {
        try {
            runtime.close();
        } finally {
            carriers.close();
            tiktok.close();
        }
    }

    /** A creator with a connected shop, stock of every SKU and shipping rules. */
    private record Creator(String tenant, Shop shop) {
    }

    private static Creator creator(int unitsPerSku) {
        String tenant = "wf-" + UUID.randomUUID();
        SimShop simShop = tiktok.addShop("Workflow shop " + tenant);
        Shop shop = ShopRegistry.fromEnv(env()).save(simShop.toShop(tenant));
        ShippingStore shipping = ShippingStore.fromEnv(runtime.functions().get("CreateLabelFunction").env());
        shipping.putRules(tenant, new ShippingRules(RateStrategy.CHEAPEST, List.of(), List.of(), List.of(),
                RateStrategy.CHEAPEST, 5, 0, ShippingSamples.SHIP_FROM,
                new SkuProfile("*", 300, 250, 200, 50, "610910", false)));
        InventoryService inventory = inventory();
        if (unitsPerSku > 0) {
            for (String sku : TikTokShopSimulator.sellerSkus()) {
                inventory.stock().adjust(tenant, sku, InventoryInput.DEFAULT_LOCATION, unitsPerSku, "opening stock", "test");
            }
        }
        return new Creator(tenant, shop);
    }

    /** A paid order that went through ON_HOLD (so it ships at once), delivered to us by webhooks. */
    private static String order(Creator creator, Map<String, Integer> units) {
        String orderId = tiktok.createOrder(creator.shop().shopId(), UUID.randomUUID().toString().replaceAll("\\D", "")
                .substring(0, 6) + System.nanoTime() % 1_000_000_000_000L, units);
        tiktok.setStatus(orderId, TikTokOrderStatus.ON_HOLD);
        tiktok.setStatus(orderId, TikTokOrderStatus.AWAITING_SHIPMENT);
        return orderId;
    }

    @Test
    void aStandardOrderShipsWithNoHumanTouch() throws Exception {
        Creator creator = creator(20);
        String orderId = order(creator, Map.of("TEE-BLK-M", 2, "STICKER-01", 1));

        Order shipped = awaitState(creator, orderId, OrderState.SHIPPED);
        assertThat(shipped.packages()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.trackingNumber()).isNotBlank();
            assertThat(Carrier.ofCode(p.carrier()).isValidTrackingNumber(p.trackingNumber())).isTrue();
        });
        assertThat(tiktok.status(orderId)).isIn(TikTokOrderStatus.AWAITING_COLLECTION, TikTokOrderStatus.IN_TRANSIT);
        assertThat(awaitExecution("order-" + orderId)).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<String> trail = orders().history(creator.tenant(), orderId).stream().map(AuditRecord::to).toList();
        assertThat(trail).containsSubsequence("READY", "RESERVED", "LABELED", "SHIPPED").doesNotContain("NEEDS_ATTENTION");
        await("the audit trail verifies (TikTok's own shipment webhook may still add to it)",
                () -> orders().verifyAudit(orders().get(creator.tenant(), orderId)).intact());
        assertThat(inventory().repository().stock(creator.tenant(), "TEE-BLK-M").onHand())
                .isEqualTo(18);
        await("the creator is told the order shipped", () -> inbox(creator).toString().contains("SHIPPED"));
        AnalyticsService analytics = new AnalyticsService(env().aws().dynamo(), runtime.tables().get("AnalyticsTable"),
                orders());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        await("analytics counts the touchless shipment from the events queue", () -> analytics.report(
                creator.tenant(), today.minusDays(1).toString(), today.plusDays(1).toString()).totals()
                .getOrDefault("shippedTouchless", 0L) == 1L);
    }

    @Test
    void theLabelIsAnEncryptedObjectOfTheBucketThatOnlyItsCreatorDownloadsThroughAShortLink() throws Exception {
        Creator creator = creator(20);
        String orderId = order(creator, Map.of("TEE-BLK-M", 1));
        Order shipped = awaitState(creator, orderId, OrderState.SHIPPED);
        ShipmentPackage pkg = shipped.packages().get(0);
        String buyer = shipped.pii().shippingAddress().name();

        Map<String, AttributeValue> item = runtime.aws().dynamo().getItem(r -> r
                .tableName(runtime.tables().get("ShippingTable"))
                .key(Map.of("pk", AttributeValue.fromS("TENANT#" + creator.tenant()),
                        "sk", AttributeValue.fromS("LABEL#" + pkg.labelId())))).item();
        assertThat(item).as("the Shipping table keeps the object key, not the document")
                .containsKey("objectKey").doesNotContainKey("pdf");
        String key = item.get("objectKey").s();
        assertThat(key).isEqualTo("labels/" + creator.tenant() + "/" + orderId + "/" + pkg.labelId() + ".pdf");
        assertThat(runtime.aws().s3().headObject(r -> r.bucket(bucket()).key(key)).contentType())
                .isEqualTo("application/pdf");

        byte[] pdf = downloadLabel(creator, orderId);
        assertThat(new String(pdf, 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(PlaintextScan.contains(pdf, buyer)).as("the scan finds the buyer in the label it downloads")
                .isTrue();
        assertThat(PlaintextScan.filesContaining(data, buyer)).as("no file of the data folder holds the buyer's "
                + "name, plainly or Flate-compressed").isEmpty();

        Creator stranger = creator(0);
        HttpResponse<String> theirs = api(stranger, HttpRequest.newBuilder(url("/v1/orders/" + orderId + "/label")));
        assertThat(theirs.statusCode()).isEqualTo(404);
        HttpResponse<byte[]> batch = HTTP.send(HttpRequest.newBuilder(url("/v1/labels/batch"))
                .header("Authorization", "Bearer " + token(creator)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("orderIds", List.of(orderId))))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(PlaintextScan.contains(batch.body(), pkg.trackingNumber())).isTrue();

        int expired = runtime.bucketExpiry().sweep(Instant.now().plus(Duration.ofDays(121)));
        assertThat(expired).as("the template keeps labels 120 days").isPositive();
        assertThatThrownBy(() -> runtime.aws().s3().headObject(r -> r.bucket(bucket()).key(key)))
                .isInstanceOf(NoSuchKeyException.class);
        HttpResponse<String> gone = api(creator, HttpRequest.newBuilder(url("/v1/orders/" + orderId + "/label")));
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(Json.tree(gone.body()).get("title").asText()).isEqualTo("LabelNotFound");
    }

    @Test
    void aHighValueOrderWaitsForAPersonAndShipsAfterApproval() throws Exception {
        Creator creator = creator(20);
        String orderId = order(creator, Map.of("LIGHT-RING-10", 5));
        Order waiting = awaitState(creator, orderId, OrderState.NEEDS_ATTENTION);
        assertThat(waiting.attentionReason()).contains("high-value");
        await("the review is queued", () -> reviews(creator).toString().contains(orderId));

        HttpResponse<String> decided = decide(creator, orderId, Decision.APPROVE);
        assertThat(decided.statusCode()).isEqualTo(200);

        awaitState(creator, orderId, OrderState.SHIPPED);
        assertThat(awaitExecution("order-" + orderId)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(orders().history(creator.tenant(), orderId)).extracting(AuditRecord::action)
                .contains("REVIEW_DECIDED");
    }

    @Test
    void aBackOrderWaitsForStockAndResumesWhenItArrives() throws Exception {
        Creator creator = creator(0);
        String orderId = order(creator, Map.of("GLOSS-NUDE", 2));
        awaitState(creator, orderId, OrderState.BACKORDERED);
        inventory().stock().adjust(creator.tenant(), "GLOSS-NUDE", InventoryInput.DEFAULT_LOCATION, 5,
                "delivery from the supplier", "test");
        awaitState(creator, orderId, OrderState.SHIPPED);
        assertThat(awaitExecution("order-" + orderId)).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aTransientCarrierFailureIsRetriedAndThenSucceeds() throws Exception {
        Creator creator = creator(20);
        for (Carrier carrier : Carrier.values()) {
            carriers.faults(carrier).failNext(1, 503);
        }
        String orderId = order(creator, Map.of("TEE-WHT-L", 1));
        awaitState(creator, orderId, OrderState.SHIPPED);
        assertThat(orders().history(creator.tenant(), orderId)).extracting(AuditRecord::to)
                .doesNotContain("NEEDS_ATTENTION");
    }

    @Test
    void aCarrierOutageStopsAtAPersonAndARetryAfterTheFixShips() throws Exception {
        Creator creator = creator(20);
        for (Carrier carrier : Carrier.values()) {
            carriers.faults(carrier).outage(true);
        }
        String orderId;
        try {
            orderId = order(creator, Map.of("STICKER-01", 3));
            Order waiting = awaitState(creator, orderId, OrderState.NEEDS_ATTENTION);
            assertThat(waiting.attentionFrom()).isIn(OrderState.RESERVED);
        } finally {
            for (Carrier carrier : Carrier.values()) {
                carriers.faults(carrier).outage(false);
            }
        }
        await("the review is queued", () -> reviews(creator).toString().contains(orderId));
        assertThat(decide(creator, orderId, Decision.RETRY).statusCode()).isEqualTo(200);
        awaitState(creator, orderId, OrderState.SHIPPED);
        assertThat(awaitExecution("order-" + orderId)).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aCancellationOnTikTokReleasesTheStockAndEndsTheWaitingWorkflow() throws Exception {
        Creator creator = creator(0);
        String orderId = order(creator, Map.of("GLOSS-CHERRY", 1));
        awaitState(creator, orderId, OrderState.BACKORDERED);
        tiktok.setStatus(orderId, TikTokOrderStatus.CANCELLED);
        awaitState(creator, orderId, OrderState.CANCELLED);
        assertThat(awaitExecution("cancel-" + orderId)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(inventory().repository().backorders().waiting(creator.tenant(), orderId))
                .isEmpty();
    }

    @Test
    void aCreatorCancelsABackOrderAndTikTokIsTold() throws Exception {
        Creator creator = creator(0);
        String orderId = order(creator, Map.of("GLOSS-CHERRY", 2));
        awaitState(creator, orderId, OrderState.BACKORDERED);
        HttpResponse<String> cancelled = api(creator, HttpRequest.newBuilder(url("/v1/orders/" + orderId + "/cancel"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"out of stock for too long\"}")));
        assertThat(cancelled.statusCode()).isEqualTo(202);
        awaitState(creator, orderId, OrderState.CANCELLED);
        assertThat(awaitExecution("cancel-" + orderId)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(tiktok.status(orderId)).isEqualTo(TikTokOrderStatus.CANCELLED);
        assertThat(awaitExecution("order-" + orderId)).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void aShippedOrderCannotBeCancelledAndTheProblemSaysWhy() throws Exception {
        Creator creator = creator(20);
        String orderId = order(creator, Map.of("STICKER-01", 1));
        awaitState(creator, orderId, OrderState.SHIPPED);
        HttpResponse<String> refused = api(creator, HttpRequest.newBuilder(url("/v1/orders/" + orderId + "/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(Json.tree(refused.body()).get("title").asText()).isEqualTo("IllegalTransition");
        assertThat(refused.body()).contains("SHIPPED");
    }

    @Test
    void aBulkApprovalReleasesEveryHeldOrderAndReportsEachOutcome() throws Exception {
        Creator creator = creator(20);
        String first = order(creator, Map.of("LIGHT-RING-10", 5));
        String second = order(creator, Map.of("LIGHT-RING-10", 6));
        awaitState(creator, first, OrderState.NEEDS_ATTENTION);
        awaitState(creator, second, OrderState.NEEDS_ATTENTION);
        await("both reviews are queued", () -> reviews(creator).get("items").size() == 2);
        HttpResponse<String> started = api(creator, HttpRequest.newBuilder(url("/v1/bulk-actions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"APPROVE\",\"orderIds\":[\"" + first
                        + "\",\"" + second + "\",\"999\"]}")));
        assertThat(started.statusCode()).isEqualTo(202);
        String job = Json.tree(started.body()).get("jobId").asText();
        await("the bulk job ends", () -> Json.tree(api(creator, HttpRequest.newBuilder(url("/v1/bulk-actions/" + job))
                .GET()).body()).get("status").asText().equals("COMPLETED"));
        String csv = api(creator, HttpRequest.newBuilder(url("/v1/bulk-actions/" + job + "/results")).GET()).body();
        assertThat(csv.lines().skip(1).map(line -> line.split(",")[0] + " " + line.split(",")[1]).toList())
                .containsExactlyInAnyOrder(first + " DONE", second + " DONE", "999 REFUSED");
        awaitState(creator, first, OrderState.SHIPPED);
        awaitState(creator, second, OrderState.SHIPPED);
        Creator stranger = creator(0);
        assertThat(api(stranger, HttpRequest.newBuilder(url("/v1/bulk-actions/" + job)).GET()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aReturnWaitsForTikToksOutcomeThenRestocksAndSettles() throws Exception {
        Creator creator = creator(10);
        HttpResponse<String> settings = api(creator, HttpRequest.newBuilder(url("/v1/inventory/settings"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"restockOnReturn\":true}")));
        assertThat(settings.statusCode()).isEqualTo(200);
        String orderId = order(creator, Map.of("TEE-BLK-M", 1));
        awaitState(creator, orderId, OrderState.SHIPPED);
        await("the shipped unit leaves stock", () -> onHand(creator, "TEE-BLK-M") == 9);
        tiktok.setStatus(orderId, TikTokOrderStatus.DELIVERED);
        awaitState(creator, orderId, OrderState.DELIVERED);
        String returnId = "4035" + System.nanoTime() % 1_000_000_000L;
        tiktok.returnStatus(orderId, returnId, "RETURN_AND_REFUND", "RETURN_OR_REFUND_REQUEST_PENDING");
        awaitState(creator, orderId, OrderState.RETURN_REQUESTED);
        await("the return workflow parks", () -> sfn().getExecutionHistory(
                r -> r.executionArn(returnArn(orderId, returnId))).events().stream()
                .anyMatch(e -> "TaskSubmitted".equals(e.typeAsString())));
        assertThat(onHand(creator, "TEE-BLK-M")).as("nothing comes back before TikTok settles the return")
                .isEqualTo(9);
        tiktok.returnStatus(orderId, returnId, "RETURN_AND_REFUND", "RETURN_OR_REFUND_REQUEST_COMPLETE");
        awaitState(creator, orderId, OrderState.RETURNED);
        await("the return workflow ends", () -> sfn().describeExecution(r -> r.executionArn(returnArn(orderId,
                returnId))).status() == ExecutionStatus.SUCCEEDED);
        assertThat(onHand(creator, "TEE-BLK-M")).as("the returned unit is on hand again").isEqualTo(10);
        JsonNode movements = Json.tree(api(creator, HttpRequest.newBuilder(
                url("/v1/inventory/skus/TEE-BLK-M/movements")).GET()).body()).get("items");
        assertThat(movements.findParents("kind")).filteredOn(m -> m.get("kind").asText().equals("RESTOCK"))
                .extracting(m -> m.get("orderId").asText(), m -> m.get("onHandDelta").asLong())
                .containsExactly(tuple(orderId, 1L));
    }

    /** A SKU's units on hand as its creator reads them through the inventory API. */
    private static long onHand(Creator creator, String sku) throws Exception {
        return Json.tree(api(creator, HttpRequest.newBuilder(url("/v1/inventory/skus/" + sku)).GET()).body())
                .get("onHand").asLong();
    }

    private static String returnArn(String orderId, String returnId) {
        String machine = sfn().listStateMachines().stateMachines().stream()
                .filter(m -> m.name().equals("OrderReturnStateMachine")).findFirst().orElseThrow().stateMachineArn();
        return machine.replace(":stateMachine:", ":execution:") + ":return-" + orderId + "-" + returnId;
    }

    @Test
    void anExecutionWaitingForAPersonSurvivesARuntimeRestart() throws Exception {
        Creator creator = creator(20);
        String orderId = order(creator, Map.of("LIGHT-RING-10", 6));
        String labelledId = order(creator, Map.of("STICKER-01", 1));
        awaitState(creator, orderId, OrderState.NEEDS_ATTENTION);
        await("the review is queued", () -> reviews(creator).toString().contains(orderId));
        awaitState(creator, labelledId, OrderState.SHIPPED);
        byte[] label = downloadLabel(creator, labelledId);
        Map<String, AttributeValue> inline = Map.of("pk", AttributeValue.fromS("TENANT#" + creator.tenant()),
                "sk", AttributeValue.fromS("LABEL#old-order-9400T1"),
                "pdf", AttributeValue.fromB(SdkBytes.fromByteArray(label)));
        runtime.aws().dynamo().putItem(r -> r.tableName(runtime.tables().get("ShippingTable")).item(inline));

        runtime.close();
        runtime = boot();

        assertThat(downloadLabel(creator, labelledId)).as("the label survives the restart").isEqualTo(label);
        String moved = "labels/" + creator.tenant() + "/old-order/old-order-9400T1.pdf";
        assertThat(runtime.aws().s3().getObjectAsBytes(r -> r.bucket(bucket()).key(moved)).asByteArray())
                .as("a label an earlier version kept inline moved to the bucket at start").isEqualTo(label);
        assertThat(decide(creator, orderId, Decision.APPROVE).statusCode()).isEqualTo(200);
        awaitState(creator, orderId, OrderState.SHIPPED);
        assertThat(awaitExecution("order-" + orderId)).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<HistoryEvent> history = sfn().getExecutionHistory(r -> r.executionArn(executionArn("order-" + orderId)))
                .events();
        assertThat(history).extracting(e -> e.typeAsString()).contains("ExecutionSucceeded");
    }

    @Test
    void ordersLeftWithoutAWorkflowAreStartedAndShipWhileARunningOneIsLeftAlone() throws Exception {
        Creator waiting = creator(0);
        String healthy = order(waiting, Map.of("GLOSS-NUDE", 1));
        long healthyVersion = awaitState(waiting, healthy, OrderState.BACKORDERED).version();
        Creator creator = creator(20);
        String bogus = storedWithoutWorkflow(creator, "arn:aws:states:us-east-1:000000000000:execution:Gone:x", false);
        String none = storedWithoutWorkflow(creator, null, false);

        StuckOrderSweeper.Report report = sweeper(1).sweep(Set.of(waiting.tenant(), creator.tenant()));
        assertThat(report.failures()).isEmpty();
        assertThat(report.repairs()).extracting(StuckOrderSweeper.Repair::orderId, StuckOrderSweeper.Repair::action)
                .containsExactlyInAnyOrder(tuple(bogus, StuckOrderSweeper.Action.STARTED),
                        tuple(none, StuckOrderSweeper.Action.STARTED));
        assertThat(report.healthy()).isEqualTo(1);
        assertThat(orders().get(waiting.tenant(), healthy).version()).isEqualTo(healthyVersion);

        awaitState(creator, bogus, OrderState.SHIPPED);
        awaitState(creator, none, OrderState.SHIPPED);
        assertThat(awaitExecution("order-" + bogus)).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(orders().get(creator.tenant(), bogus).executionArn()).isEqualTo(executionArn("order-" + bogus));

        byte[] tick = Files.readAllBytes(ProjectPaths.root().resolve("events/order-actions/"
                + "stuck-order-sweep-schedule.json"));
        JsonNode scheduled = Json.tree(new String(runtime.functions().get("StuckOrderSweepFunction").invokeJson(tick),
                StandardCharsets.UTF_8));
        assertThat(scheduled.get("failures").size()).isZero();
        assertThat(scheduled.get("repairs").size()).as("orders changed in the last 10 minutes are not looked at")
                .isZero();
    }

    @Test
    void aWorkflowThatKeepsStoppingIsRestartedThenHandedToAPerson() throws Exception {
        Creator creator = creator(20);
        String orderId = storedWithoutWorkflow(creator, null, true);
        StuckOrderSweeper sweeper = sweeper(1);
        Set<String> tenants = Set.of(creator.tenant());

        assertThat(sweeper.sweep(tenants).repairs()).extracting(StuckOrderSweeper.Repair::action)
                .containsExactly(StuckOrderSweeper.Action.STARTED);
        String first = executionArn("order-" + orderId);
        assertThat(sfn().describeExecution(r -> r.executionArn(first)).status()).isEqualTo(ExecutionStatus.RUNNING);
        long version = orders().get(creator.tenant(), orderId).version();
        StuckOrderSweeper.Report running = sweeper.sweep(tenants);
        assertThat(running.repairs()).isEmpty();
        assertThat(running.healthy()).isEqualTo(1);
        assertThat(orders().get(creator.tenant(), orderId).version()).isEqualTo(version);

        sfn().stopExecution(r -> r.executionArn(first).error("Lost").cause("the engine lost it"));
        StuckOrderSweeper.Repair restart = sweeper.sweep(tenants).repairs().get(0);
        assertThat(restart.action()).isEqualTo(StuckOrderSweeper.Action.RESTARTED);
        assertThat(restart.problem()).contains("ABORTED");
        assertThat(restart.executionArn()).isEqualTo(executionArn("order-" + orderId + "-r" + version));
        assertThat(sfn().describeExecution(r -> r.executionArn(restart.executionArn())).status())
                .isEqualTo(ExecutionStatus.RUNNING);

        sfn().stopExecution(r -> r.executionArn(restart.executionArn()));
        assertThat(sweeper.sweep(tenants).repairs()).extracting(StuckOrderSweeper.Repair::action)
                .containsExactly(StuckOrderSweeper.Action.ESCALATED);
        Order escalated = orders().get(creator.tenant(), orderId);
        assertThat(escalated.state()).isEqualTo(OrderState.NEEDS_ATTENTION);
        assertThat(escalated.attentionFrom()).isEqualTo(OrderState.READY);
        assertThat(escalated.attentionReason()).contains("1 restart did not").contains(restart.executionArn());
        assertThat(sweeper.sweep(tenants).repairs()).isEmpty();
    }

    /**
     * An order TikTok has (its webhooks lost) that we stored READY, as a sync that died before starting the
     * workflow leaves it; {@code inHoldWindow} makes it paid just now, so its workflow waits out TikTok's hold.
     */
    private static String storedWithoutWorkflow(Creator creator, String executionArn, boolean inHoldWindow) {
        tiktok.webhooks().dropRate(1.0);
        String orderId;
        try {
            orderId = order(creator, Map.of("TEE-BLK-M", 2, "STICKER-01", 1));
        } finally {
            tiktok.webhooks().dropRate(0);
        }
        Order fetched = TikTokOrderMapper.map(tiktok.orderJson(orderId), creator.tenant(), creator.shop().shopId())
                .order();
        Order.Builder stored = fetched.toBuilder().state(OrderState.READY).executionArn(executionArn);
        if (inHoldWindow) {
            stored.onHoldOrder(false).paidAt(Instant.now());
            assertThat(fetched.shipTo().country()).isIn("US", "GB");
        }
        orders().create(stored.build(), "system:tiktok-sync", "stored; the process died before the workflow started");
        return orderId;
    }

    /** The stuck-order sweeper on the runtime's clients, looking at orders of any age. */
    private static StuckOrderSweeper sweeper(int maxRestarts) {
        Env env = runtime.functions().get("StuckOrderSweepFunction").env();
        StuckOrderSweeper.Settings settings = new StuckOrderSweeper.Settings(Duration.ZERO, 25, 4, maxRestarts);
        return new StuckOrderSweeper(OrderRepository.fromEnv(env), new ReviewRepository(env.aws().dynamo(),
                env.require("REVIEWS_TABLE")), env.aws().stepFunctions(), env.require("FULFILMENT_STATE_MACHINE_ARN"),
                settings, Clock.systemUTC());
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

    private static SfnClient sfn() {
        return runtime.aws().stepFunctions();
    }

    private static String executionArn(String name) {
        return LocalExecutions.arn(sfn(), name);
    }

    private static ExecutionStatus awaitExecution(String name) throws InterruptedException {
        return LocalExecutions.awaitEnd(sfn(), name, PATIENCE);
    }

    private static Order awaitState(Creator creator, String orderId, OrderState state) throws InterruptedException {
        Supplier<Order> read = () -> orders().find(creator.tenant(), orderId).orElse(null);
        try {
            await("order " + orderId + " is " + state, () -> {
                Order order = read.get();
                return order != null && order.state() == state;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; " + diagnosis(creator, orderId), e.getCause());
        }
        return read.get();
    }

    /** Where an order and its workflow stand, for a failure message. */
    private static String diagnosis(Creator creator, String orderId) {
        StringBuilder text = new StringBuilder();
        orders().find(creator.tenant(), orderId).ifPresentOrElse(
                order -> text.append("order is ").append(order.state()).append(" (").append(order.attentionReason())
                        .append("), trail ").append(orders().history(creator.tenant(), orderId).stream()
                                .map(r -> r.action() + ":" + r.to()).toList()),
                () -> text.append("order was never stored; TikTok says ").append(tiktok.status(orderId)));
        try {
            String arn = executionArn("order-" + orderId);
            List<HistoryEvent> events = sfn().getExecutionHistory(r -> r.executionArn(arn).reverseOrder(true)
                    .maxResults(5)).events();
            text.append("; workflow ").append(sfn().describeExecution(r -> r.executionArn(arn)).status())
                    .append(", last events ").append(events.stream().map(e -> e.typeAsString()).toList());
        } catch (RuntimeException e) {
            text.append("; no workflow: ").append(e.getMessage());
        }
        return text.toString();
    }

    private static JsonNode reviews(Creator creator) throws Exception {
        return Json.tree(api(creator, HttpRequest.newBuilder(url("/v1/reviews")).GET()).body());
    }

    private static JsonNode inbox(Creator creator) throws Exception {
        return Json.tree(api(creator, HttpRequest.newBuilder(url("/v1/notifications")).GET()).body());
    }

    private static HttpResponse<String> decide(Creator creator, String orderId, Decision decision) throws Exception {
        return api(creator, HttpRequest.newBuilder(url("/v1/orders/" + orderId + "/review-decision"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"decision\":\"" + decision + "\"}")));
    }

    private static HttpResponse<String> api(Creator creator, HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.header("Authorization", "Bearer " + token(creator)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String token(Creator creator) {
        return runtime.jwt().issue(creator.tenant(), "creator", Duration.ofMinutes(5));
    }

    /** An order's label as its creator gets it: the API's redirect, then the pre-signed URL of the local S3. */
    private static byte[] downloadLabel(Creator creator, String orderId) throws Exception {
        HttpResponse<String> redirect = api(creator, HttpRequest.newBuilder(url("/v1/orders/" + orderId + "/label")));
        assertThat(redirect.statusCode()).isEqualTo(302);
        URI link = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        assertThat(link.getQuery()).contains("X-Amz-Signature=");
        HttpResponse<byte[]> pdf = HTTP.send(HttpRequest.newBuilder(link).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        return pdf.body();
    }

    private static String bucket() {
        return runtime.buckets().get("LabelsBucket");
    }

    private static URI url(String path) {
        return runtime.baseUrl().resolve(path);
    }

    private static void await(String what, Eventually.Check check) throws InterruptedException {
        Eventually.await(what, PATIENCE, check);
    }
}
