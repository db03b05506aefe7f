package com.creatorflow.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.creatorflow.local.simulators.carriers.EasyPostSimulator;
import com.creatorflow.local.simulators.carriers.Scenario;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.shipping.ShipmentService;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.shipping.ShippingTask;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.EasyPostCarriers;
import com.creatorflow.shared.shipping.domain.EasyPostSignature;
import com.creatorflow.shared.shipping.domain.RateStrategy;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import com.creatorflow.shared.shipping.testing.ShippingSamples;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tracking sequences from the EasyPost simulator, delivered as signed EasyPost Events to the handler, drive the order through
 * its lifecycle; duplicates, out-of-order events and forgeries change nothing.
 */
class CarrierWebhookHandlerIT {
    private static EasyPostSimulator simulator;
    private final TestStack stack = TestStack.get();
    private final String tenant = TestStack.tenant();
    private final Env env = stack.env().with(simulator.functionVariables());
    private final OrderRepository orders = OrderRepository.fromEnv(env);
    private final ShippingStore store = ShippingStore.fromEnv(env);
    private final CarrierWebhookHandler handler = new CarrierWebhookHandler(env);

    @BeforeAll
    static void startSimulator() {
        simulator = EasyPostSimulator.start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    /** A labelled order (one package per allowed carrier's packing), moved to SHIPPED as the TikTok push would. */
    private Order shippedOrder(String carrier, boolean ship) {
        return shippedOrder(carrier, ship, ShippingSamples.TEE);
    }

    private Order shippedOrder(String carrier, boolean ship, SkuProfile tee) {
        ShippingSamples.setUp(store, tenant);
        store.putProfile(tenant, tee);
        store.putRules(tenant, ShippingSamples.rules(RateStrategy.CHEAPEST, List.of(carrier), List.of()));
        Order order = ShippingSamples.reservedOrder(orders, tenant);
        ShipmentService.fromEnv(env).createLabels(new ShippingTask(tenant, order.orderId(), null, null));
        Order labelled = orders.get(tenant, order.orderId());
        return ship ? orders.transition(labelled, OrderState.SHIPPED, "workflow:test", "tracking pushed to TikTok")
                : labelled;
    }

    private static String tracking(Order order, int index) {
        return order.packages().get(index).trackingNumber();
    }

    private APIGatewayV2HTTPResponse post(Carrier carrier, String trackingNumber, List<Map<String, Object>> events,
                                          String secret) {
        byte[] body = Json.bytes(Map.of("object", "Event", "description", "tracker.updated", "result", Map.of(
                "object", "Tracker", "tracking_code", trackingNumber, "carrier", EasyPostCarriers.name(carrier),
                "tracking_details", events)));
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("carrier-tracking/easypost-webhook.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("x-hmac-signature", EasyPostSignature.sign(secret, body));
        event.setHeaders(headers);
        event.setBody(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        return handler.handleRequest(event, LocalLambdaContext.forTest("CarrierTracking"));
    }

    private APIGatewayV2HTTPResponse post(Carrier carrier, String trackingNumber, Map<String, Object> event) {
        return post(carrier, trackingNumber, List.of(event), simulator.webhookSecret());
    }

    private Map<String, Object> next(String trackingNumber) {
        return simulator.advance(trackingNumber).orElseThrow().event();
    }

    private OrderState state(Order order) {
        return orders.get(tenant, order.orderId()).state();
    }

    @Test
    void aDeliveredSequenceMovesTheOrderToInTransitThenDelivered() {
        Order order = shippedOrder("ups", true);
        String tn = tracking(order, 0);
        assertThat(post(Carrier.UPS, tn, next(tn)).getStatusCode()).isEqualTo(200);
        assertThat(state(order)).isEqualTo(OrderState.IN_TRANSIT);
        post(Carrier.UPS, tn, next(tn));
        post(Carrier.UPS, tn, next(tn));
        assertThat(state(order)).isEqualTo(OrderState.IN_TRANSIT);
        APIGatewayV2HTTPResponse delivered = post(Carrier.UPS, tn, next(tn));
        assertThat(Json.tree(delivered.getBody()).at("/results/0/outcome").asText()).isEqualTo("APPLIED");
        Order done = orders.get(tenant, order.orderId());
        assertThat(done.state()).isEqualTo(OrderState.DELIVERED);
        assertThat(done.packages().get(0).status()).isEqualTo("DELIVERED");
        assertThat(orders.history(tenant, order.orderId())).extracting(r -> r.actor()).contains("carrier:ups");
        assertThat(orders.verifyAudit(done).problems()).isEmpty();
    }

    @Test
    void duplicatesAndOutOfOrderEventsChangeNothing() {
        Order order = shippedOrder("usps", true);
        String tn = tracking(order, 0);
        Map<String, Object> accepted = next(tn);
        Map<String, Object> inTransit = next(tn);
        Map<String, Object> outForDelivery = next(tn);

        post(Carrier.USPS, tn, outForDelivery);
        Order moved = orders.get(tenant, order.orderId());
        assertThat(moved.state()).isEqualTo(OrderState.IN_TRANSIT);

        JsonNode duplicate = Json.tree(post(Carrier.USPS, tn, outForDelivery).getBody());
        assertThat(duplicate.at("/results/0/outcome").asText()).isEqualTo("DUPLICATE");
        JsonNode stale = Json.tree(post(Carrier.USPS, tn, List.of(accepted, inTransit),
                simulator.webhookSecret()).getBody());
        assertThat(stale.get("results")).extracting(r -> r.get("outcome").asText()).containsExactly("STALE", "STALE");
        assertThat(orders.get(tenant, order.orderId()).version()).isEqualTo(moved.version());

        post(Carrier.USPS, tn, next(tn));
        assertThat(state(order)).isEqualTo(OrderState.DELIVERED);
        JsonNode late = Json.tree(post(Carrier.USPS, tn, inTransit).getBody());
        assertThat(late.at("/results/0/outcome").asText()).isEqualTo("DUPLICATE");
        assertThat(state(order)).isEqualTo(OrderState.DELIVERED);
    }

    @ParameterizedTest
    @EnumSource(value = Scenario.class, names = {"LOST", "RETURNED_TO_SENDER", "ADDRESS_PROBLEM"})
    void carrierExceptionsSendTheOrderToNeedsAttention(Scenario scenario) {
        Order order = shippedOrder("fedex", true);
        String tn = tracking(order, 0);
        simulator.scenario(tn, scenario);
        for (int i = 0; i < scenario.steps().size(); i++) {
            post(Carrier.FEDEX, tn, next(tn));
        }
        Order flagged = orders.get(tenant, order.orderId());
        assertThat(flagged.state()).isEqualTo(OrderState.NEEDS_ATTENTION);
        assertThat(flagged.attentionFrom()).isEqualTo(OrderState.IN_TRANSIT);
        assertThat(flagged.attentionReason()).contains(scenario.name()).contains(tn);
        assertThat(flagged.packages().get(0).status()).isEqualTo("EXCEPTION");
    }

    @Test
    void aLabelledOrderNotYetPushedToTikTokOnlyRecordsTheParcel() {
        Order order = shippedOrder("ontrac", false);
        String tn = tracking(order, 0);
        post(Carrier.ONTRAC, tn, next(tn));
        Order after = orders.get(tenant, order.orderId());
        assertThat(after.state()).isEqualTo(OrderState.LABELED);
        assertThat(after.packages().get(0).status()).isEqualTo("IN_TRANSIT");
    }

    @Test
    void everyPackageMustArriveBeforeTheOrderIsDelivered() {
        Order shipped = shippedOrder("dhl-ecommerce", true, new SkuProfile("TEE-BLK-M", 7_000, 400, 300, 200, null,
                false));
        assertThat(shipped.packages()).hasSize(2);
        String first = tracking(shipped, 0);
        String second = tracking(shipped, 1);
        simulator.advanceToEnd(first).forEach(d -> post(Carrier.DHL_ECOMMERCE, first, d.event()));
        assertThat(state(shipped)).isEqualTo(OrderState.IN_TRANSIT);
        simulator.advanceToEnd(second).forEach(d -> post(Carrier.DHL_ECOMMERCE, second, d.event()));
        assertThat(state(shipped)).isEqualTo(OrderState.DELIVERED);
    }

    @Test
    void forgedUnknownAndMalformedDeliveriesAreRefusedOrIgnored() {
        Order order = shippedOrder("ups", true);
        String tn = tracking(order, 0);
        APIGatewayV2HTTPResponse forged = post(Carrier.UPS, tn, List.of(next(tn)), "guessed-secret");
        assertThat(forged.getStatusCode()).isEqualTo(401);
        assertThat(forged.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(state(order)).isEqualTo(OrderState.SHIPPED);

        APIGatewayV2HTTPEvent fixture = EventLoader.loadApiGatewayHttpEvent("carrier-tracking/easypost-webhook.json");
        Map<String, String> headers = new HashMap<>(fixture.getHeaders());
        headers.put("x-hmac-signature", EasyPostSignature.sign(simulator.webhookSecret(),
                fixture.getBody().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        fixture.setHeaders(headers);
        APIGatewayV2HTTPResponse unknown = handler.handleRequest(fixture, LocalLambdaContext.forTest("Tracking"));
        assertThat(unknown.getStatusCode()).isEqualTo(200);
        assertThat(Json.tree(unknown.getBody()).at("/results/0/outcome").asText()).isEqualTo("UNKNOWN_PARCEL");

        fixture.setPathParameters(Map.of("carrier", "pony-express"));
        APIGatewayV2HTTPResponse noCarrier = handler.handleRequest(fixture, LocalLambdaContext.forTest("Tracking"));
        assertThat(noCarrier.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree(noCarrier.getBody()).at("/errors/0/field").asText()).isEqualTo("carrier");
    }
}
