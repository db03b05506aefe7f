package com.creatorflow.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.CreatorFlowException;
import com.creatorflow.shared.error.TransientFailure;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.review.Decision;
import com.creatorflow.shared.review.ReviewRepository;
import com.creatorflow.shared.review.ReviewService;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.workflow.OrderCancellations;
import com.creatorflow.shared.workflow.OrderRef;
import com.creatorflow.shared.workflow.StepFunctionsTaskTokens;
import com.creatorflow.shared.workflow.TaskHandler;
import com.creatorflow.shared.workflow.WorkflowStarter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One item of the bulk-actions workflow's Map: applies a creator's action to one order (cancel, or decide its review)
 * and reports the outcome. A refusal (shipped, no open review, another tenant's order) is an outcome, not a failure,
 * so one bad order does not stop the batch; only transient errors fail the item for a retry.
 */
public final class BulkOrderActionHandler extends TaskHandler<BulkOrderActionHandler.Input, Map<String, Object>> {
    /**
     * One order of a bulk action.
     *
     * @param tenantId the creator
     * @param orderId the order
     * @param action CANCEL, APPROVE or RETRY
     * @param reason the creator's note
     * @param actor who asked
     */
    public record Input(String tenantId, String orderId, String action, String reason, String actor)
            implements OrderRef {
    }

    private final OrderCancellations cancellations;
    private final ReviewService reviews;

    /** Lambda's constructor: collaborators from the process environment. */
    public BulkOrderActionHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public BulkOrderActionHandler(Env env) {
        this(new OrderCancellations(OrderRepository.fromEnv(env),
                        WorkflowStarter.fromEnv(env, "CANCELLATION_STATE_MACHINE_ARN")),
                new ReviewService(OrderRepository.fromEnv(env),
                        new ReviewRepository(env.aws().dynamo(), env.require("REVIEWS_TABLE")),
                        new StepFunctionsTaskTokens(env.aws().stepFunctions()), Clock.systemUTC()));
    }

    /** Explicit collaborators (tests). */
    public BulkOrderActionHandler(OrderCancellations cancellations, ReviewService reviews) {
        super(Input.class);
        this.cancellations = cancellations;
        this.reviews = reviews;
    }

    @Override
    protected Map<String, Object> handle(Input input, Context context) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("orderId", input.orderId());
        try {
            switch (String.valueOf(input.action())) {
                case "CANCEL" -> outcome.put("executionArn",
                        cancellations.cancel(input.tenantId(), input.orderId(), input.reason(), input.actor()));
                case "APPROVE", "RETRY" -> reviews.decide(input.tenantId(), input.orderId(),
                        Decision.valueOf(input.action()), input.actor(), input.reason(), null);
                default -> throw new ValidationFailed("action", "action must be CANCEL, APPROVE or RETRY");
            }
            outcome.put("outcome", "DONE");
        } catch (TransientFailure e) {
            throw e;
        } catch (CreatorFlowException e) {
            outcome.put("outcome", "REFUSED");
            outcome.put("error", e.errorName());
            outcome.put("reason", e.getMessage());
        }
        return outcome;
    }
}
