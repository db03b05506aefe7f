package com.creatorflow.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.rules.RulesService;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ApplyRulesHandlerIT {
    private final TestStack stack = TestStack.get();
    private final OrderRepository orders = OrderRepository.fromEnv(stack.env());
    private final RulesService rules = RulesService.fromEnv(stack.env());
    private final ApplyRulesHandler handler = new ApplyRulesHandler(stack.env());
    private final String tenant = TestStack.tenant();

    @Test
    void appliesTheActiveRulesRecordsTheDecisionAndAnswersTheSameWhenRunTwice() throws IOException {
        rules.save(tenant, Json.tree("""
                {"rules": [
                  {"id": "hold-big", "name": "Hold big orders", "priority": 1,
                   "pattern": {"total": [{"numeric": [">", 50]}]},
                   "actions": [{"type": "holdForReview", "reason": "over 50"}, {"type": "addTag", "tag": "big"}]},
                  {"id": "ca", "name": "California", "priority": 2, "pattern": {"shipTo": {"region": ["CA"]}},
                   "actions": [{"type": "routeToWarehouse", "warehouse": "LAX-1"},
                               {"type": "useCarrier", "carrier": "USPS", "serviceLevel": "GROUND_ADVANTAGE"}]}]}"""),
                "user:test");
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");

        JsonNode result = invoke(order.orderId());
        assertThat(result.get("ruleSetVersion").asLong()).isEqualTo(1);
        assertThat(result.get("hold").asBoolean()).isTrue();
        assertThat(result.get("warehouse").asText()).isEqualTo("LAX-1");
        assertThat(result.get("carrier").asText()).isEqualTo("USPS");
        assertThat(result.get("serviceLevel").asText()).isEqualTo("GROUND_ADVANTAGE");
        assertThat(result.get("matchedRules").toString()).isEqualTo("[\"hold-big\",\"ca\"]");
        assertThat(orders.get(tenant, order.orderId()).tags()).contains("big");
        int entries = orders.history(tenant, order.orderId()).size();
        assertThat(orders.history(tenant, order.orderId()).get(entries - 1).action())
                .isEqualTo(RulesService.AUDIT_ACTION);

        assertThat(invoke(order.orderId())).isEqualTo(result);
        assertThat(orders.history(tenant, order.orderId())).hasSize(entries);
    }

    private JsonNode invoke(String orderId) throws IOException {
        ObjectNode input;
        try (InputStream sample = getClass().getResourceAsStream("/rules/apply-rules.json")) {
            input = (ObjectNode) Json.tree(sample);
        }
        input.put("tenantId", tenant).put("orderId", orderId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.bytes(input)), out,
                LocalLambdaContext.forTest("ApplyRulesFunction"));
        return Json.tree(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
