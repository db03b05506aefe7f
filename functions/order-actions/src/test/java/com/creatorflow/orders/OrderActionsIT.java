package com.creatorflow.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.lifecycle.IllegalTransition;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.review.ReviewRepository;
import com.creatorflow.shared.review.ReviewService;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.testing.Tasks;
import com.creatorflow.shared.testing.TestStack;
import com.creatorflow.shared.workflow.TaskTokens;
import com.creatorflow.shared.workflow.WorkflowWaits;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class OrderActionsIT {
    private final TestStack stack = TestStack.get();
    private final OrderRepository orders = OrderRepository.fromEnv(stack.env());
    private final Map<String, String> answered = new ConcurrentHashMap<>();
    private final TaskTokens tokens = new TaskTokens() {
        @Override
        public boolean succeed(String taskToken, String outputJson) {
            return answered.putIfAbsent(taskToken, outputJson) == null;
        }

        @Override
        public boolean fail(String taskToken, String error, String cause) {
            return true;
        }
    };
    private final ReviewService reviews = new ReviewService(orders,
            new ReviewRepository(stack.env().aws().dynamo(), stack.tables().get("ReviewsTable")), tokens,
            Clock.systemUTC());
    private final String tenant = TestStack.tenant();

    @Test
    void cancelsAReservedOrderOnceAndARerunChangesNothing() throws IOException {
        Order order = walk(OrderState.READY, OrderState.RESERVED);
        CancelOrderHandler cancel = new CancelOrderHandler(orders, reviews);
        assertThat(Tasks.invoke(cancel, input("cancel-order.json", order)).get("state").asText()).isEqualTo("CANCELLED");
        Tasks.invoke(cancel, input("cancel-order.json", order));
        assertThat(orders.history(tenant, order.orderId())).hasSize(4);
    }

    @Test
    void cancellingAnOrderWaitingForReviewEndsTheWait() throws IOException {
        Order order = walk(OrderState.READY);
        reviews.open(new ReviewService.OpenRequest(tenant, order.orderId(), "review-token", "ReserveInventory",
                "com.creatorflow.shared.error.InsufficientStock", "short", false, false));
        Tasks.invoke(new CancelOrderHandler(orders, reviews), input("cancel-order.json", order));
        assertThat(Json.tree(answered.get("review-token")).get("decision").asText()).isEqualTo("CANCEL");
        assertThat(orders.get(tenant, order.orderId()).state()).isEqualTo(OrderState.CANCELLED);
    }

    @Test
    void aShippedOrderCannotBeCancelled() {
        Order order = walk(OrderState.READY, OrderState.RESERVED, OrderState.LABELED, OrderState.SHIPPED);
        assertThatThrownBy(() -> Tasks.invoke(new CancelOrderHandler(orders, reviews), input("cancel-order.json", order)))
                .isInstanceOf(IllegalTransition.class).hasMessageContaining("SHIPPED");
    }

    @Test
    void returnsMoveThroughRequestedToReturnedOrBackToDelivered() throws IOException {
        ReturnStepHandler step = new ReturnStepHandler(orders);
        Order delivered = walk(OrderState.READY, OrderState.RESERVED, OrderState.LABELED, OrderState.SHIPPED,
                OrderState.DELIVERED);
        ObjectNode requested = input("return-step.json", delivered);
        assertThat(Tasks.invoke(step, requested).get("state").asText()).isEqualTo("RETURN_REQUESTED");
        assertThat(Tasks.invoke(step, requested).get("state").asText()).isEqualTo("RETURN_REQUESTED");
        assertThat(Tasks.invoke(step, requested.put("step", "SETTLED")).get("state").asText()).isEqualTo("RETURNED");

        Order other = walk(OrderState.READY, OrderState.RESERVED, OrderState.LABELED, OrderState.SHIPPED,
                OrderState.DELIVERED);
        Tasks.invoke(step, input("return-step.json", other));
        assertThat(Tasks.invoke(step, input("return-step.json", other).put("step", "WITHDRAWN")).get("state").asText())
                .isEqualTo("DELIVERED");
    }

    @Test
    void resumingPutsTheOrderBackWhereItNeededAttention() {
        Order waiting = orders.transition(walk(OrderState.READY, OrderState.RESERVED), OrderState.NEEDS_ATTENTION,
                "workflow:test", "label failed");
        ResumeOrderHandler resume = new ResumeOrderHandler(orders);
        ObjectNode input = Json.MAPPER.createObjectNode().put("tenantId", tenant).put("orderId", waiting.orderId())
                .put("decision", "RETRY");
        assertThat(Tasks.invoke(resume, input).get("state").asText()).isEqualTo("RESERVED");
        assertThat(Tasks.invoke(resume, input).get("version").asLong()).isEqualTo(waiting.version() + 1);
        Order fromValidation = orders.transition(orders.create(Orders.sample(tenant), "system:test", "imported"),
                OrderState.NEEDS_ATTENTION, "workflow:test", "address missing");
        assertThat(Tasks.invoke(resume, input.put("orderId", fromValidation.orderId())).get("state").asText())
                .isEqualTo("RECEIVED");
    }

    @Test
    void aParkedWorkflowIsSignalledExactlyOnce() throws IOException {
        WorkflowWaits waits = new WorkflowWaits(stack.env().aws().dynamo(), stack.tables().get("WorkflowWaitsTable"),
                tokens);
        Order order = walk(OrderState.READY);
        Tasks.invoke(new AwaitSignalHandler(waits), input("await-signal.json", order).put("taskToken", "t-1"));
        assertThat(waits.signal(tenant, order.orderId(), "RETURN_OUTCOME", "{\"outcome\":\"RECEIVED\"}")).isTrue();
        assertThat(waits.signal(tenant, order.orderId(), "RETURN_OUTCOME", "{\"outcome\":\"RECEIVED\"}")).isFalse();
        assertThat(answered).containsEntry("t-1", "{\"outcome\":\"RECEIVED\"}");
    }

    private Order walk(OrderState... path) {
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        for (OrderState state : List.of(path)) {
            order = orders.transition(order, state, "system:test", "setup");
        }
        return order;
    }

    private ObjectNode input(String fixture, Order order) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/order-actions/" + fixture)) {
            ObjectNode node = (ObjectNode) Json.MAPPER.readTree(in);
            return node.put("tenantId", tenant).put("orderId", order.orderId());
        }
    }
}
