package com.creatorflow.review;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiHandler;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.ops.WorkflowOps;
import com.creatorflow.shared.review.ReviewRepository;
import com.creatorflow.shared.review.ReviewService;
import com.creatorflow.shared.review.domain.Decision;
import com.creatorflow.shared.review.domain.Review;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.workflow.StepFunctionsTaskTokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/**
 * The creators' review queue (list the orders that need a decision, decide one) and the ops API over the tenant's
 * workflow executions ({@link WorkflowOps}: failed and stuck ones, history, redrive, answering a waiting step).
 */
public final class ReviewApiHandler extends ApiHandler {
    private final ReviewService reviews;
    private final WorkflowOps ops;

    /** Lambda's constructor: collaborators from the process environment. */
    public ReviewApiHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public ReviewApiHandler(Env env) {
        this(new ReviewService(OrderRepository.fromEnv(env),
                new ReviewRepository(env.aws().dynamo(), env.require("REVIEWS_TABLE")),
                new StepFunctionsTaskTokens(env.aws().stepFunctions()), Clock.systemUTC()), WorkflowOps.fromEnv(env),
                ApiGuard.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public ReviewApiHandler(ReviewService reviews, WorkflowOps ops, ApiGuard guard) {
        super(guard);
        this.reviews = reviews;
        this.ops = ops;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
        return switch (request.routeKey()) {
            case "GET /v1/reviews" -> ApiResponses.json(200, reviews.list(tenant,
                    request.query("status").orElse(Review.OPEN).equals(Review.RESOLVED) ? Review.RESOLVED : Review.OPEN,
                    request.queryInt("limit", 50, 1, 100), request.query("cursor").orElse(null)));
            case "POST /v1/orders/{orderId}/review-decision" -> decide(request, tenant);
            case "GET /v1/ops/executions" -> ApiResponses.json(200, Map.of("items", ops.list(tenant,
                    request.query("status").orElse(null), request.query("olderThanMinutes").isEmpty() ? null
                            : request.queryInt("olderThanMinutes", 0, 0, 525_600))));
            case "GET /v1/ops/executions/{executionArn}" -> ApiResponses.json(200,
                    ops.describe(tenant, executionArn(request)));
            case "POST /v1/ops/executions/{executionArn}/redrive" -> ApiResponses.json(202,
                    ops.redrive(tenant, executionArn(request)));
            case "POST /v1/ops/executions/{executionArn}/answer" -> answer(request, tenant);
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

    /**
     * The answer to a waiting step.
     *
     * @param outcome success or failure
     * @param output the step's output on success (a JSON object)
     * @param error the error name on failure
     * @param cause the cause on failure
     */
    record AnswerRequest(String outcome, JsonNode output, String error, String cause) {
    }

    private APIGatewayV2HTTPResponse answer(ApiRequest request, String tenant) {
        AnswerRequest body = request.body(AnswerRequest.class);
        ops.answer(tenant, executionArn(request), body.outcome(), body.output(), body.error(), body.cause());
        return ApiResponses.empty(202);
    }

    /** The execution ARN of the path, URL-encoded by the client (decoded once more if it still is). */
    private static String executionArn(ApiRequest request) {
        String arn = request.path("executionArn");
        return arn.startsWith("arn%3A") || arn.startsWith("arn%3a") ? URLDecoder.decode(arn, StandardCharsets.UTF_8)
                : arn;
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
