package com.creatorflow.review;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.review.ReviewRepository;
import com.creatorflow.shared.review.ReviewService;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.workflow.OrderRef;
import com.creatorflow.shared.workflow.StepFunctionsTaskTokens;
import com.creatorflow.shared.workflow.TaskHandler;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Clock;
import java.util.Map;

/**
 * Workflow step RequestReview ({@code .waitForTaskToken}): the order needs a person. Moves it to NEEDS_ATTENTION and
 * puts it in the review queue with the token; the workflow waits until the decision (or a reminder timeout).
 */
public final class RequestReviewHandler extends TaskHandler<RequestReviewHandler.Input, Map<String, Object>> {
    /**
     * The step's input, as the state machine builds it.
     *
     * @param tenantId the tenant
     * @param orderId the order
     * @param taskToken {@code $$.Task.Token}
     * @param failedStep the step that stopped, or HOLD
     * @param error the caught error ({@code Error} and {@code Cause}), when a step failed
     * @param reminder true when re-opened after a reminder
     * @param escalate true when escalated
     */
    public record Input(String tenantId, String orderId, String taskToken, String failedStep, CaughtError error,
                        boolean reminder, boolean escalate) implements OrderRef {
    }

    /**
     * A Step Functions catcher's error object.
     *
     * @param error the error name ({@code Error})
     * @param cause the cause text ({@code Cause})
     */
    public record CaughtError(@JsonProperty("Error") String error, @JsonProperty("Cause") String cause) {
    }

    private final ReviewService reviews;

    /** Lambda's constructor: collaborators from the process environment. */
    public RequestReviewHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public RequestReviewHandler(Env env) {
        this(new ReviewService(OrderRepository.fromEnv(env),
                new ReviewRepository(env.aws().dynamo(), env.require("REVIEWS_TABLE")),
                new StepFunctionsTaskTokens(env.aws().stepFunctions()), Clock.systemUTC()));
    }

    /** Explicit collaborators (tests). */
    public RequestReviewHandler(ReviewService reviews) {
        super(Input.class);
        this.reviews = reviews;
    }

    @Override
    protected Map<String, Object> handle(Input input, Context context) {
        CaughtError error = input.error();
        reviews.open(new ReviewService.OpenRequest(input.tenantId(), input.orderId(), input.taskToken(),
                input.failedStep(), error == null ? null : error.error(), error == null ? null : error.cause(),
                input.reminder(), input.escalate()));
        return Map.of("queued", true);
    }
}
