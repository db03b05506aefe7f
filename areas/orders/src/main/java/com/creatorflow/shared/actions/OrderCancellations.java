package com.creatorflow.shared.actions;

import com.creatorflow.shared.lifecycle.IllegalTransition;
import com.creatorflow.shared.lifecycle.Lifecycle;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.workflow.WorkflowStarter;
import java.util.Map;
import java.util.Optional;

/**
 * A creator cancelling an order: checked against the lifecycle at once (a shipped order is refused with the reason),
 * then carried out by the cancellation workflow (void label, cancel, release stock, tell TikTok), started once per
 * order whatever the number of clicks.
 */
public final class OrderCancellations {
    private final OrderRepository orders;
    private final WorkflowStarter cancellation;

    public OrderCancellations(OrderRepository orders, WorkflowStarter cancellation) {
        this.orders = orders;
        this.cancellation = cancellation;
    }

    /**
     * Starts the cancellation of an order of this tenant.
     *
     * @return the cancellation workflow's execution ARN
     * @throws IllegalTransition when the order can no longer be cancelled
     */
    public String cancel(String tenantId, String orderId, String reason, String actor) {
        Order order = orders.get(tenantId, orderId);
        if (order.state() != OrderState.CANCELLED) {
            Optional<String> refusal = Lifecycle.refusal(order, OrderState.CANCELLED);
            if (refusal.isPresent()) {
                throw new IllegalTransition(order.state(), OrderState.CANCELLED, refusal.get());
            }
        }
        return cancellation.start(WorkflowStarter.executionName("cancel", orderId), Map.of("tenantId", tenantId,
                "orderId", orderId, "reason", reason == null ? "cancelled by the creator" : reason,
                "initiator", "CREATOR", "actor", actor)).orElseThrow();
    }
}
