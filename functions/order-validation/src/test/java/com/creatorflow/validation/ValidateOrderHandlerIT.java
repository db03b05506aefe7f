package com.creatorflow.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.Pii;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.testing.Tasks;
import com.creatorflow.shared.testing.TestStack;
import com.creatorflow.shared.validation.OrderValidationService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ValidateOrderHandlerIT {
    private static final Instant NOW = Instant.parse("2026-11-25T18:30:00Z");
    private final TestStack stack = TestStack.get();
    private final OrderRepository orders = OrderRepository.fromEnv(stack.env());
    private final ValidateOrderHandler handler = new ValidateOrderHandler(
            new OrderValidationService(orders, Clock.fixed(NOW, ZoneOffset.UTC), 50_000));
    private final String tenant = TestStack.tenant();

    @Test
    void aValidOrderBecomesReadyAndARerunChangesNothing() throws IOException {
        Order order = orders.create(Orders.sample(tenant).toBuilder().paidAt(NOW.minusSeconds(7200)).build(),
                "system:test", "imported");
        JsonNode first = Tasks.invoke(handler, fixture(order));
        assertThat(first.get("state").asText()).isEqualTo("READY");
        assertThat(first.has("holdUntil")).isFalse();
        assertThat(first.get("template").asText()).isEqualTo("STANDARD");
        JsonNode again = Tasks.invoke(handler, fixture(order));
        assertThat(again.get("version").asLong()).isEqualTo(first.get("version").asLong());
        assertThat(orders.history(tenant, order.orderId())).hasSize(2);
    }

    @Test
    void anOrderInItsHoldWindowIsToldWhenToComeBack() throws IOException {
        Order order = orders.create(Orders.sample(tenant).toBuilder().paidAt(NOW.minusSeconds(600)).build(),
                "system:test", "imported");
        JsonNode result = Tasks.invoke(handler, fixture(order));
        assertThat(result.get("state").asText()).isEqualTo("RECEIVED");
        assertThat(Instant.parse(result.get("holdUntil").asText())).isEqualTo(NOW.plusSeconds(3000));
    }

    @Test
    void anInvalidOrderFailsNamingTheFieldAndStaysPut() {
        Order sample = Orders.sample(tenant);
        Address noStreet = new Address("Jamie", null, "", null, "Los Angeles", "CA", "90026", "US");
        Order order = orders.create(sample.toBuilder().paidAt(NOW.minusSeconds(7200))
                .pii(new Pii(sample.pii().buyer(), noStreet)).build(), "system:test", "imported");
        assertThatThrownBy(() -> Tasks.invoke(handler, fixture(order)))
                .isInstanceOf(ValidationFailed.class)
                .hasMessageContaining("street address")
                .satisfies(e -> assertThat(((ValidationFailed) e).field()).isEqualTo("/shippingAddress/line1"));
        assertThat(orders.get(tenant, order.orderId()).state()).isEqualTo(OrderState.RECEIVED);
    }

    private ObjectNode fixture(Order order) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/order-validation/validate-order.json")) {
            ObjectNode input = (ObjectNode) Json.MAPPER.readTree(in);
            input.put("tenantId", tenant);
            input.put("orderId", order.orderId());
            return input;
        }
    }
}
