package com.creatorflow.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.workflow.OrderRef;
import com.creatorflow.shared.workflow.TaskHandler;
import java.util.Map;

/**
 * Workflow steps of the return workflow: the buyer asked (RETURN_REQUESTED), the return was settled (RETURNED), or
 * the request was withdrawn (back to DELIVERED, or COMPLETED when TikTok completed the order). Idempotent.
 */
public final class ReturnStepHandler extends TaskHandler<ReturnStepHandler.Input, Map<String, Object>> {
    /**
     * The step's input.
     *
     * @param tenantId the tenant
     * @param orderId the order
     * @param step REQUESTED, SETTLED or WITHDRAWN
     * @param returnId TikTok's return id
     * @param returnType REFUND, RETURN_AND_REFUND or REPLACEMENT
     */
    public record Input(String tenantId, String orderId, String step, String returnId, String returnType)
            implements OrderRef {
    }

    private final OrderRepository orders;

    /** Lambda's constructor: collaborators from the process environment. */
    public ReturnStepHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public ReturnStepHandler(Env env) {
        this(OrderRepository.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public ReturnStepHandler(OrderRepository orders) {
        super(Input.class);
        this.orders = orders;
    }

    @Override
    protected Map<String, Object> handle(Input input, Context context) {
        Order order = orders.get(input.tenantId(), input.orderId());
        OrderState target = switch (String.valueOf(input.step())) {
            case "REQUESTED" -> OrderState.RETURN_REQUESTED;
            case "SETTLED" -> OrderState.RETURNED;
            case "WITHDRAWN" -> order.tiktokStatus() == TikTokOrderStatus.COMPLETED
                    ? OrderState.COMPLETED : OrderState.DELIVERED;
            default -> throw new ValidationFailed("step", "step must be REQUESTED, SETTLED or WITHDRAWN");
        };
        boolean alreadyThere = order.state() == target
                || (target == OrderState.RETURN_REQUESTED && order.state() == OrderState.RETURNED);
        if (!alreadyThere) {
            order = orders.transition(order, target, "workflow:return", "return " + input.returnId() + " "
                    + input.step().toLowerCase(java.util.Locale.ROOT),
                    Map.of("returnId", String.valueOf(input.returnId()),
                            "returnType", String.valueOf(input.returnType())), b -> b);
        }
        return Map.of("state", order.state().name(), "version", order.version());
    }
}
