package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.shipping.RateStrategy;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.testing.ShippingSamples;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Labels a sample order through the template's ChooseCarrier and CreateLabel functions on a local runtime. */
final class LabelSteps {
    private LabelSteps() {
    }

    /**
     * A reserved sample order of a tenant (cheapest of the allowed carriers, the sample profiles), labelled; the
     * order as it is after the label step.
     */
    static Order labelled(LocalRuntime runtime, ShippingStore store, OrderRepository orders, String tenant,
                          List<String> carriers) {
        ShippingSamples.setUp(store, tenant);
        store.putRules(tenant, ShippingSamples.rules(RateStrategy.CHEAPEST, carriers, List.of()));
        Order order = ShippingSamples.reservedOrder(orders, tenant);
        Map<String, String> ref = Map.of("tenantId", tenant, "orderId", order.orderId());
        JsonNode choice = step(runtime, "ChooseCarrierFunction", ref);
        ObjectNode create = Json.MAPPER.valueToTree(ref);
        create.set("choice", choice);
        assertThat(step(runtime, "CreateLabelFunction", create).get("orderState").asText()).isEqualTo("LABELED");
        return orders.get(tenant, order.orderId());
    }

    private static JsonNode step(LocalRuntime runtime, String function, Object input) {
        return Json.tree(new String(runtime.functions().get(function).invokeJson(Json.bytes(input)),
                StandardCharsets.UTF_8));
    }
}
