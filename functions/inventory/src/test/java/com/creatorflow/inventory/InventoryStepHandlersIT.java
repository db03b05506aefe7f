package com.creatorflow.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.error.InsufficientStock;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.inventory.InventoryRepository;
import com.creatorflow.shared.inventory.InventoryService;
import com.creatorflow.shared.inventory.domain.MovementKind;
import com.creatorflow.shared.inventory.testing.InventoryFixture;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inventory workflow steps, driven by the sample events in events/inventory/. */
class InventoryStepHandlersIT {
    private final InventoryFixture fixture = new InventoryFixture();
    private final InventoryService service = fixture.service();
    private final InventoryRepository inventory = fixture.inventory();
    private final String tenant = TestStack.tenant();

    private JsonNode run(RequestStreamHandler handler, String sample, String orderId, Map<String, Object> changes) {
        ObjectNode event;
        try (InputStream in = getClass().getResourceAsStream("/inventory/" + sample)) {
            event = (ObjectNode) Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (orderId != null) {
            event.put("tenantId", tenant);
            event.put("orderId", orderId);
        }
        changes.forEach((field, value) -> event.set(field, Json.toTree(value)));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(Json.bytes(event)), out,
                    LocalLambdaContext.forTest("InventoryStep"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.tree(out.toString(StandardCharsets.UTF_8));
    }

    private OrderState stateOf(Order order) {
        return fixture.orders().get(tenant, order.orderId()).state();
    }

    @Test
    void reservesCommitsAndRestocksAnOrder() {
        inventory.changeOnHand(tenant, "TEE", "east", 3, MovementKind.ADJUST, "received", "test", null);
        Order order = fixture.readyOrder(tenant, Map.of("TEE", 2));

        JsonNode reserved = run(new ReserveInventoryHandler(service), "reserve.json", order.orderId(), Map.of());
        assertThat(reserved.get("status").asText()).isEqualTo("RESERVED");
        assertThat(reserved.at("/lines/0/location").asText()).isEqualTo("east");
        assertThat(stateOf(order)).isEqualTo(OrderState.RESERVED);

        JsonNode committed = run(new CommitInventoryHandler(service), "commit.json", order.orderId(), Map.of());
        assertThat(committed.get("status").asText()).isEqualTo("COMMITTED");
        assertThat(inventory.stock(tenant, "TEE").onHand()).isEqualTo(1);

        JsonNode restocked = run(new RestockInventoryHandler(service), "restock.json", order.orderId(), Map.of());
        assertThat(restocked.get("status").asText()).isEqualTo("RESTOCKED");
        assertThat(inventory.stock(tenant, "TEE").onHand()).isEqualTo(3);
    }

    @Test
    void aShortOrderWaitsAndItsWorkflowResumesWhenStockArrives() {
        Order order = fixture.readyOrder(tenant, "CAP");
        JsonNode waiting = run(new ReserveInventoryHandler(service), "reserve.json", order.orderId(), Map.of());
        assertThat(waiting.get("status").asText()).isEqualTo("BACKORDERED");
        assertThat(waiting.at("/shortages/0/sku").asText()).isEqualTo("CAP");
        assertThat(stateOf(order)).isEqualTo(OrderState.BACKORDERED);

        JsonNode awaiting = run(new AwaitStockHandler(service), "await-stock.json", order.orderId(), Map.of());
        assertThat(awaiting.get("status").asText()).isEqualTo("WAITING");

        service.stock().adjust(tenant, "CAP", "east", 1, "delivery", "user:test");
        assertThat(stateOf(order)).isEqualTo(OrderState.RESERVED);
        assertThat(fixture.tokens().sent()).singleElement().satisfies(sent -> {
            assertThat(sent.taskToken()).startsWith("AQCEAAAA");
            assertThat(sent.success()).isTrue();
        });
    }

    @Test
    void theReviewPolicyFailsTheStepWithInsufficientStock() {
        Order order = fixture.readyOrder(tenant, "MUG");
        assertThatThrownBy(() -> run(new ReserveInventoryHandler(service), "reserve.json", order.orderId(),
                Map.of("onShortage", "REVIEW"))).isInstanceOf(InsufficientStock.class);
        assertThat(stateOf(order)).isEqualTo(OrderState.READY);
    }

    @Test
    void releasesOnCancel() {
        inventory.changeOnHand(tenant, "TEE", "east", 1, MovementKind.ADJUST, "received", "test", null);
        Order order = fixture.readyOrder(tenant, "TEE");
        run(new ReserveInventoryHandler(service), "reserve.json", order.orderId(), Map.of());
        fixture.orders().transition(fixture.orders().get(tenant, order.orderId()), OrderState.CANCELLED,
                "tiktok", "cancelled");
        JsonNode released = run(new ReleaseInventoryHandler(service), "release.json", order.orderId(), Map.of());
        assertThat(released.get("status").asText()).isEqualTo("RELEASED");
        assertThat(inventory.stock(tenant, "TEE").available()).isEqualTo(1);
    }

    @Test
    void reconcilesOnTheScheduledEvent() {
        JsonNode report = run(new InventoryReconcileHandler(service), "reconcile.json", null, Map.of());
        assertThat(report.has("checked")).isTrue();
        assertThat(report.get("released").isArray()).isTrue();
    }

    @Test
    void aStepWithoutOrderIsRefusedNamingTheField() {
        assertThatThrownBy(() -> run(new CommitInventoryHandler(service), "commit.json", null,
                Map.of("orderId", "")))
                .isInstanceOf(ValidationFailed.class)
                .satisfies(e -> assertThat(((ValidationFailed) e).field()).isEqualTo("orderId"));
    }
}
