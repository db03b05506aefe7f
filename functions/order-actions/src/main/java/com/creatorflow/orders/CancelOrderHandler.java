package com.creatorflow.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.review.ReviewRepository;
import com.creatorflow.shared.review.ReviewService;
import com.creatorflow.shared.review.domain.Decision;
import com.creatorflow.shared.review.domain.ReviewNotFound;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.workflow.OrderRef;
import com.creatorflow.shared.workflow.StepFunctionsTaskTokens;
import com.creatorflow.shared.workflow.TaskHandler;
import java.time.Clock;
import java.util.Map;

/**
 * Workflow step CancelOrder (cancellation workflow, after label void and stock release): moves the order to
 * CANCELLED and ends any review the order was waiting in, so that its fulfilment workflow ends too. Idempotent.
 */
public final class CancelOrderHandler extends TaskHandler<CancelOrderHandler.Input, Map<String, Object>> {
    /**
     * The step's input.
     *
     * @param tenantId the tenant
     * @param orderId the order
     * @param reason why it is cancelled
     * @param initiator BUYER, SELLER, SYSTEM or CREATOR
     */
    public record Input(String tenantId, String orderId, String reason, String initiator) implements OrderRef {
    }

    private final OrderRepository orders;
    private final ReviewService reviews;

    /** Lambda's constructor: collaborators from the process environment. */
    public CancelOrderHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public CancelOrderHandler(Env env) {
        this(OrderRepository.fromEnv(env), new ReviewService(OrderRepository.fromEnv(env),
                new ReviewRepository(env.aws().dynamo(), env.require("REVIEWS_TABLE")),
                new StepFunctionsTaskTokens(env.aws().stepFunctions()), Clock.systemUTC()));
    }

    /** Explicit collaborators (tests). */
    public CancelOrderHandler(OrderRepository orders, ReviewService reviews) {
        super(Input.class);
        this.orders = orders;
        this.reviews = reviews;
    }

    @Override
    protected Map<String, Object> handle(Input input, Context context) {
        Order order = orders.get(input.tenantId(), input.orderId());
        String actor = "workflow:cancel-order:" + (input.initiator() == null ? "SYSTEM" : input.initiator());
        if (order.state() != OrderState.CANCELLED) {
            boolean wasWaiting = order.state() == OrderState.NEEDS_ATTENTION;
            order = orders.transition(order, OrderState.CANCELLED, actor,
                    input.reason() == null ? "cancelled" : input.reason(),
                    Map.of("initiator", String.valueOf(input.initiator())), b -> b);
            if (wasWaiting) {
                try {
                    reviews.decide(input.tenantId(), input.orderId(), Decision.CANCEL, actor, "order cancelled",
                            null);
                } catch (ReviewNotFound noOpenReview) {
                    // nothing waits on a review for this order
                }
            }
        }
        return Map.of("state", order.state().name(), "version", order.version());
    }
}
