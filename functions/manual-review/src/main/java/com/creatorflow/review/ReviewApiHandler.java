package com.creatorflow.review;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiHandler;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.review.Decision;
import com.creatorflow.shared.review.Review;
import com.creatorflow.shared.review.ReviewRepository;
import com.creatorflow.shared.review.ReviewService;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.workflow.StepFunctionsTaskTokens;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/** The creators' review queue: list the orders that need a decision, and decide one. */
public final class ReviewApiHandler extends ApiHandler {
    private final ReviewService reviews;

    /** Lambda's constructor: collaborators from the process environment. */
    public ReviewApiHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public ReviewApiHandler(Env env) {
        this(new ReviewService(OrderRepository.fromEnv(env),
                new ReviewRepository(env.aws().dynamo(), env.require("REVIEWS_TABLE")),
                new StepFunctionsTaskTokens(env.aws().stepFunctions()), Clock.systemUTC()), ApiGuard.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public ReviewApiHandler(ReviewService reviews, ApiGuard guard) {
        super(guard);
        this.reviews = reviews;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
        return switch (request.routeKey()) {
            case "GET /v1/reviews" -> ApiResponses.json(200, reviews.list(tenant,
                    request.query("status").orElse(Review.OPEN).equals(Review.RESOLVED) ? Review.RESOLVED : Review.OPEN,
                    request.queryInt("limit", 50, 1, 100), request.query("cursor").orElse(null)));
            case "POST /v1/orders/{orderId}/review-decision" -> decide(request, tenant);
            default -> noRoute(request);
        };
    }

    /**
     * The body of a review decision.
     *
     * @param decision APPROVE, RETRY, EDIT_AND_RETRY or CANCEL
     * @param note a note for the audit trail
     * @param edits the corrections of an EDIT_AND_RETRY ({@code shippingAddress})
     */
    record DecisionRequest(String decision, String note, Map<String, Object> edits) {
    }

    private APIGatewayV2HTTPResponse decide(ApiRequest request, String tenant) {
        String orderId = request.path("orderId");
        Telemetry.correlate(Telemetry.ORDER_ID, orderId);
        DecisionRequest body = request.body(DecisionRequest.class);
        Decision decision;
        try {
            decision = Decision.valueOf(String.valueOf(body.decision()));
        } catch (IllegalArgumentException e) {
            throw new ValidationFailed("decision", "decision must be one of " + Arrays.toString(Decision.values()));
        }
        Review resolved = reviews.decide(tenant, orderId, decision, "user:" + request.subject(), body.note(),
                body.edits());
        return ApiResponses.json(200, resolved);
    }
}
