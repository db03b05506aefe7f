package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.shipping.domain.RateStrategy;
import com.creatorflow.shared.shipping.testing.ShippingSamples;
import com.creatorflow.shared.store.OrderRepository;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A local runtime for API tests and orders made on it through the template's own functions. */
final class RuntimeOrders {
    private RuntimeOrders() {
    }

    /** A runtime with the built-in simulators (carriers without latency) and no API rate limits in the way. */
    static LocalRuntime apiRuntime() {
        LocalRuntime runtime = LocalRuntime.start(new RuntimeOptions(0, 0, 0, null, true), Map.of(
                "API_RATE_LIMIT_PER_SECOND", "1000000", "API_TOKEN_RATE_LIMIT_PER_SECOND", "1000000",
                "MEMBER_CACHE_SECONDS", "1"));
        runtime.carrierSimulator().orElseThrow().latency(Duration.ZERO, Duration.ZERO);
        return runtime;
    }

    /** A reserved order labelled by the template's ChooseCarrier and CreateLabel functions (USPS or UPS). */
    static Order labelled(LocalRuntime runtime, OrderRepository orders, ShippingStore shipping, String tenant) {
        return labelled(runtime, orders, shipping, tenant, List.of("usps", "ups"));
    }

    /** A reserved sample order of a tenant labelled with the cheapest of these carriers. */
    static Order labelled(LocalRuntime runtime, OrderRepository orders, ShippingStore shipping, String tenant,
                          List<String> carriers) {
        ShippingSamples.setUp(shipping, tenant);
        shipping.putRules(tenant, ShippingSamples.rules(RateStrategy.CHEAPEST, carriers, List.of()));
        Order order = ShippingSamples.reservedOrder(orders, tenant);
        Map<String, String> ref = Map.of("tenantId", tenant, "orderId", order.orderId());
        JsonNode choice = step(runtime, "ChooseCarrierFunction", ref);
        ObjectNode create = Json.MAPPER.valueToTree(ref);
        create.set("choice", choice);
        assertThat(step(runtime, "CreateLabelFunction", create).get("orderState").asText()).isEqualTo("LABELED");
        return orders.get(tenant, order.orderId());
    }

    /** Invokes a template function of the runtime with a JSON input. */
    static JsonNode step(LocalRuntime runtime, String function, Object input) {
        return Json.tree(new String(runtime.functions().get(function).invokeJson(Json.bytes(input)),
                StandardCharsets.UTF_8));
    }

    /**
     * Starts a NeedsAttention execution for an order that does not exist, named {@code <orderId>-<suffix>}: it fails
     * at its first step (RequestReview, OrderNotFound), as a stuck order an operator must redrive would.
     */
    static String startFailingNeedsAttention(LocalRuntime runtime, String tenantId, String orderId, String suffix) {
        return runtime.aws().stepFunctions().startExecution(r -> r
                .stateMachineArn(String.valueOf(runtime.resolver().ref("NeedsAttentionStateMachine")))
                .name(orderId + "-" + suffix)
                .input(Json.write(Map.of("tenantId", tenantId, "orderId", orderId, "failedStep", "CreateLabel",
                        "error", Map.of("Error", "CarrierUnavailable", "Cause", "carrier down"),
                        "reminderSeconds", 14400, "reminders", 0, "reminder", false, "escalate", false))))
                .executionArn();
    }
}
