package com.creatorflow.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.workflow.OrderRef;
import com.creatorflow.shared.workflow.TaskHandler;
import java.util.Map;

/**
 * Workflow step ResumeOrder: after a person decided to go on (approve, retry, edit and retry), the order leaves
 * NEEDS_ATTENTION for the state it came from, so the step that runs next sees the order exactly as the first time.
 * Idempotent: an order not needing attention is left as it is.
 */
public final class ResumeOrderHandler extends TaskHandler<ResumeOrderHandler.Input, Map<String, Object>> {
    /**
     * The step's input.
     *
     * @param tenantId the tenant
     * @param orderId the order
     * @param decision the decision that resumes it
     */
    public record Input(String tenantId, String orderId, String decision) implements OrderRef {
    }

    private final OrderRepository orders;

    /** Lambda's constructor: collaborators from the process environment. */
    public ResumeOrderHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public ResumeOrderHandler(Env env) {
        this(OrderRepository.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public ResumeOrderHandler(OrderRepository orders) {
        super(Input.class);
        this.orders = orders;
    }

    @Override
    protected Map<String, Object> handle(Input input, Context context) {
        Order order = orders.get(input.tenantId(), input.orderId());
        if (order.state() == OrderState.NEEDS_ATTENTION && order.attentionFrom() != null) {
            order = orders.transition(order, order.attentionFrom(), "workflow:resume-order",
                    "resumed after the decision " + input.decision(), Map.of("decision", String.valueOf(input.decision())),
                    b -> b);
        }
        return Map.of("state", order.state().name(), "version", order.version());
    }
}
