package com.creatorflow.review;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.http.Problem;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.review.Decision;
import com.creatorflow.shared.review.Review;
import com.creatorflow.shared.review.ReviewRepository;
import com.creatorflow.shared.review.ReviewService;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.workflow.StepFunctionsTaskTokens;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;

/** The creators' review queue: list the orders that need a decision, and decide one. */
public final class ReviewApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ReviewService reviews;
    private final ApiGuard guard;

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
        this.reviews = reviews;
        this.guard = guard;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return guard.serve(event, context, this::route);
    }

    private APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
        return switch (request.routeKey()) {
            case "GET /v1/reviews" -> ApiResponses.json(200, reviews.list(tenant,
                    request.query("status").orElse(Review.OPEN).equals(Review.RESOLVED) ? Review.RESOLVED : Review.OPEN,
                    request.queryInt("limit", 50, 1, 100), request.query("cursor").orElse(null)));
            case "POST /v1/orders/{orderId}/review-decision" -> decide(request, tenant);
            default -> ApiResponses.problem(Problem.of(404, "RouteNotFound", "no route " + request.routeKey()));
        };
    }

    @SuppressWarnings("unchecked")
    private APIGatewayV2HTTPResponse decide(ApiRequest request, String tenant) {
        String orderId = request.path("orderId");
        Telemetry.correlate(Telemetry.ORDER_ID, orderId);
        JsonNode body = request.jsonBody();
        String text = body.path("decision").asText("");
        Decision decision;
        try {
            decision = Decision.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new ValidationFailed("decision", "decision must be one of " + Arrays.toString(Decision.values()));
        }
        String note = body.hasNonNull("note") ? body.get("note").asText() : null;
        Map<String, Object> edits = body.has("edits") ? Json.convert(body.get("edits"), Map.class) : null;
        Review resolved = reviews.decide(tenant, orderId, decision, "user:" + request.subject(), note, edits);
        return ApiResponses.json(200, resolved);
    }
}
