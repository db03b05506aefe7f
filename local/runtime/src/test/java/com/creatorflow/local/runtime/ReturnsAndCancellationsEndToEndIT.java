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
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.shipping.ShippingRules;
import com.creatorflow.shared.shipping.ShippingStore;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Buyers' cancellation and return requests end to end on the local runtime: TikTok Shop (simulator) sends the
 * request by webhook, the sync records it, the creator (through the API) or a rule decides it, the decision goes to
 * TikTok's return_refund endpoints (signed, checked by the simulator), and the order follows TikTok's outcome.
 */
class ReturnsAndCancellationsEndToEndIT {
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

    private record Creator(String tenant, Shop shop) {
    }

    @Test
    void aBuyersCancellationRequestWaitsForTheCreatorWhoseApprovalCancelsOnTikTokAndHere() throws Exception {
        Creator creator = creator(0);
        String orderId = order(creator);
        awaitState(creator, orderId, OrderState.BACKORDERED);
        String cancelId = tiktok.requestCancellation(orderId);
        String path = "/v1/cancellation-requests/" + cancelId;
        await("the request is listed as pending", () -> Json.tree(get(creator,
                "/v1/cancellation-requests?status=PENDING").body()).get("items").findValuesAsText("requestId")
                .contains(cancelId));
        assertThat(orders().get(creator.tenant(), orderId).state()).isEqualTo(OrderState.BACKORDERED);

        HttpResponse<String> noReason = post(creator, path + "/reject", "{}", null);
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(Json.tree(noReason.body()).at("/errors/0/field").asText()).isEqualTo("reason");
        HttpResponse<String> unknownReason = post(creator, path + "/reject", "{\"reason\":\"too busy\"}", null);
        assertThat(unknownReason.statusCode()).isEqualTo(400);
        assertThat(Json.tree(unknownReason.body()).at("/errors/0/field").asText()).isEqualTo("reason");
        assertThat(post(creator, path + "/reject", "{\"reason\":\"seller_reject_apply_product_has_been_packed\","
                + "\"why\":1}", null).statusCode()).isEqualTo(400);
        assertThat(post(creator(0), path + "/approve", "", null).statusCode()).as("another tenant").isEqualTo(404);
        assertThat(get(creator(0), path).statusCode()).isEqualTo(404);
        HttpResponse<String> read = get(creator, path);
        assertThat(Json.tree(read.body()).get("reason").asText()).isEqualTo("No longer needed");
        String etag = read.headers().firstValue("ETag").orElseThrow();
        assertThat(post(creator, path + "/approve", "", "\"99\"").statusCode()).isEqualTo(412);
        assertThat(tiktok.requestStatus(cancelId)).isEqualTo("CANCELLATION_REQUEST_PENDING");

        HttpResponse<String> approved = post(creator, path + "/approve", "", etag);
        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(Json.tree(approved.body()).get("status").asText()).as("TikTok's webhook may settle it at once")
                .isIn("APPROVED", "COMPLETED");
        assertThat(Json.tree(approved.body()).at("/decision/decidedBy").asText()).startsWith("user:");
        assertThat(tiktok.requestStatus(cancelId)).isEqualTo("CANCELLATION_REQUEST_COMPLETE");
        assertThat(tiktok.status(orderId)).isEqualTo(TikTokOrderStatus.CANCELLED);
        awaitState(creator, orderId, OrderState.CANCELLED);
        assertThat(orders().history(creator.tenant(), orderId)).extracting(AuditRecord::action)
                .contains("CANCELLATION_REQUEST_RECEIVED", "CANCELLATION_REQUEST_APPROVED");
        assertThat(post(creator, path + "/approve", "", null).statusCode()).as("decided already").isEqualTo(409);
        await("TikTok's outcome completes the request", () -> Json.tree(get(creator, path).body()).get("status")
                .asText().equals("COMPLETED"));
    }

    @Test
    void aRuleApprovesCancellationRequestsOfOrdersNotYetLabelled() throws Exception {
        Creator creator = creator(0);
        HttpResponse<String> invalid = put(creator, "/v1/rules", rules("\"decision\": \"REJECT\""));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("reason is required with REJECT");
        assertThat(put(creator, "/v1/rules", rules("\"decision\": \"APPROVE\"")).statusCode()).isEqualTo(201);
        String orderId = order(creator);
        awaitState(creator, orderId, OrderState.BACKORDERED);
        JsonNode dryRun = Json.tree(post(creator, "/v1/rules/dry-run", "{\"orderId\":\"" + orderId + "\"}", null)
                .body());
        assertThat(dryRun.at("/decision/matched/0/actions/0/type").asText()).isEqualTo("decideBuyerRequest");

        String cancelId = tiktok.requestCancellation(orderId);
        awaitState(creator, orderId, OrderState.CANCELLED);
        assertThat(tiktok.requestStatus(cancelId)).isEqualTo("CANCELLATION_REQUEST_COMPLETE");
        JsonNode request = Json.tree(get(creator, "/v1/cancellation-requests/" + cancelId).body());
        assertThat(request.at("/decision/decision").asText()).isEqualTo("APPROVE");
        assertThat(request.at("/decision/decidedBy").asText()).isEqualTo("rule:approve-before-label");
    }

    @Test
    void aReturnRejectedWithAReasonIsWithdrawnOnTikTokAndTheOrderIsDeliveredAgain() throws Exception {
        Creator creator = creator(5);
        String orderId = deliveredOrder(creator);
        String returnId = "4035" + System.nanoTime() % 1_000_000_000L;
        tiktok.returnStatus(orderId, returnId, "RETURN_AND_REFUND", "RETURN_OR_REFUND_REQUEST_PENDING");
        awaitState(creator, orderId, OrderState.RETURN_REQUESTED);
        await("the return is listed", () -> Json.tree(get(creator, "/v1/returns?status=PENDING&orderId=" + orderId)
                .body()).get("items").findValuesAsText("requestId").contains(returnId));
        JsonNode listed = Json.tree(get(creator, "/v1/returns?orderId=" + orderId).body()).at("/items/0");
        assertThat(listed.get("returnType").asText()).isEqualTo("RETURN_AND_REFUND");
        assertThat(listed.get("reason").asText()).as("the buyer's reason, from TikTok's return search")
                .isEqualTo("Item doesn't match the description");
        assertThat(Json.tree(get(creator(0), "/v1/returns").body()).get("items")).as("another tenant").isEmpty();
        assertThat(get(creator, "/v1/returns?status=LOST").statusCode()).isEqualTo(400);

        HttpResponse<String> rejected = post(creator, "/v1/returns/" + returnId + "/reject",
                "{\"reason\":\"reverse_reject_request_reason_3\",\"comment\":\"Bought 45 days ago\"}", null);
        assertThat(rejected.statusCode()).isEqualTo(200);
        assertThat(Json.tree(rejected.body()).at("/decision/reason").asText())
                .isEqualTo("reverse_reject_request_reason_3");
        assertThat(tiktok.requestStatus(returnId)).isEqualTo("RETURN_OR_REFUND_REQUEST_REJECT");
        awaitState(creator, orderId, OrderState.DELIVERED);
        assertThat(Json.tree(get(creator, "/v1/returns/" + returnId).body()).get("status").asText())
                .isEqualTo("REJECTED");
        assertThat(orders().history(creator.tenant(), orderId)).extracting(AuditRecord::action)
                .contains("RETURN_REQUEST_REJECTED");
    }

    @Test
    void anApprovedReturnWaitsForTheGoodsSettlesAndIsRestockedOnlyAfterInspection() throws Exception {
        Creator creator = creator(5);
        assertThat(put(creator, "/v1/inventory/settings", "{\"onReturn\":\"INSPECT\"}").statusCode()).isEqualTo(200);
        assertThat(put(creator, "/v1/inventory/settings", "{\"onReturn\":\"SOMETIMES\"}").statusCode())
                .isEqualTo(400);
        String orderId = deliveredOrder(creator);
        await("the shipped unit leaves stock", () -> onHand(creator) == 4);
        String inspection = "/v1/inventory/returns/" + orderId + "/inspection";
        assertThat(post(creator, inspection, "{\"restock\":true}", null).statusCode()).as("not returned yet")
                .isEqualTo(409);
        String returnId = "4036" + System.nanoTime() % 1_000_000_000L;
        tiktok.returnStatus(orderId, returnId, "RETURN_AND_REFUND", "RETURN_OR_REFUND_REQUEST_PENDING");
        awaitState(creator, orderId, OrderState.RETURN_REQUESTED);
        await("the return is recorded", () -> get(creator, "/v1/returns/" + returnId).statusCode() == 200);
        HttpResponse<String> approved = post(creator, "/v1/returns/" + returnId + "/approve", "", null);
        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(tiktok.requestStatus(returnId)).isEqualTo("AWAITING_BUYER_SHIP");
        assertThat(orders().get(creator.tenant(), orderId).state()).isEqualTo(OrderState.RETURN_REQUESTED);
        tiktok.returnStatus(orderId, returnId, "RETURN_AND_REFUND", "RETURN_OR_REFUND_REQUEST_COMPLETE");
        awaitState(creator, orderId, OrderState.RETURNED);
        await("the return is completed", () -> Json.tree(get(creator, "/v1/returns/" + returnId).body())
                .get("status").asText().equals("COMPLETED"));
        assertThat(onHand(creator)).as("the units wait for the inspection").isEqualTo(4);
        HttpResponse<String> noAnswer = post(creator, inspection, "{}", null);
        assertThat(noAnswer.statusCode()).isEqualTo(400);
        assertThat(Json.tree(noAnswer.body()).at("/errors/0/field").asText()).isEqualTo("restock");
        HttpResponse<String> inspected = post(creator, inspection, "{\"restock\":true}", null);
        assertThat(inspected.statusCode()).isEqualTo(200);
        assertThat(Json.tree(inspected.body()).get("status").asText()).isEqualTo("RESTOCKED");
        assertThat(onHand(creator)).isEqualTo(5);
        assertThat(post(creator(0), inspection, "{\"restock\":true}", null).statusCode()).as("another tenant")
                .isEqualTo(404);
    }

    private static long onHand(Creator creator) throws Exception {
        return Json.tree(get(creator, "/v1/inventory/skus/TEE-BLK-M").body()).get("onHand").asLong();
    }

    private static String rules(String decision) {
        return "{\"rules\": [{\"id\": \"approve-before-label\", \"name\": \"Approve cancellations before labels\","
                + " \"priority\": 1, \"pattern\": {\"state\": [\"RECEIVED\", \"READY\", \"BACKORDERED\", \"RESERVED\"]},"
                + " \"actions\": [{\"type\": \"decideBuyerRequest\", \"request\": \"CANCELLATION\", " + decision
                + "}]}]}";
    }

    private static Creator creator(int unitsPerSku) {
        String tenant = "as-" + UUID.randomUUID();
        SimShop simShop = tiktok.addShop("After-sales shop " + tenant);
        Shop shop = ShopRegistry.fromEnv(env()).save(simShop.toShop(tenant));
        ShippingStore.fromEnv(runtime.functions().get("CreateLabelFunction").env()).putRules(tenant,
                new ShippingRules(RateStrategy.CHEAPEST, List.of(), List.of(), List.of(), RateStrategy.CHEAPEST, 5, 0,
                        ShippingSamples.SHIP_FROM, new SkuProfile("*", 300, 250, 200, 50, "610910", false)));
        if (unitsPerSku > 0) {
            InventoryService inventory = InventoryService.fromEnv(runtime.functions().get("InventoryReserveFunction")
                    .env());
            for (String sku : TikTokShopSimulator.sellerSkus()) {
                inventory.stock().adjust(tenant, sku, InventoryInput.DEFAULT_LOCATION, unitsPerSku, "opening stock", "test");
            }
        }
        return new Creator(tenant, shop);
    }

    /** A paid order past TikTok's hold, delivered to us by webhooks. */
    private static String order(Creator creator) {
        String orderId = tiktok.createOrder(creator.shop().shopId(), "57" + System.nanoTime() % 1_000_000_000_000L,
                Map.of("TEE-BLK-M", 1));
        tiktok.setStatus(orderId, TikTokOrderStatus.ON_HOLD);
        tiktok.setStatus(orderId, TikTokOrderStatus.AWAITING_SHIPMENT);
        return orderId;
    }

    private static String deliveredOrder(Creator creator) throws InterruptedException {
        String orderId = order(creator);
        awaitState(creator, orderId, OrderState.SHIPPED);
        tiktok.setStatus(orderId, TikTokOrderStatus.DELIVERED);
        awaitState(creator, orderId, OrderState.DELIVERED);
        return orderId;
    }

    private static Env env() {
        return runtime.functions().get("TikTokSyncFunction").env();
    }

    private static OrderRepository orders() {
        return OrderRepository.fromEnv(env());
    }

    private static void awaitState(Creator creator, String orderId, OrderState state) throws InterruptedException {
        await("order " + orderId + " is " + state, () -> orders().find(creator.tenant(), orderId)
                .map(Order::state).orElse(null) == state);
    }

    private static HttpResponse<String> get(Creator creator, String path) throws Exception {
        return send(creator, HttpRequest.newBuilder(url(path)).GET());
    }

    private static HttpResponse<String> put(Creator creator, String path, String body) throws Exception {
        return send(creator, HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> post(Creator creator, String path, String body, String ifMatch)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return send(creator, request);
    }

    private static HttpResponse<String> send(Creator creator, HttpRequest.Builder request) throws Exception {
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
