package com.creatorflow.shared.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * Base of the creators' API functions: every request goes through the {@link ApiGuard} (telemetry, the route's
 * permission against the caller's role in the team, the per-token and per-tenant rate limits, errors as problem
 * documents) and then to the subclass's {@link #route}, which answers by the API Gateway route key.
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ApiGuard guard;

    protected ApiHandler(ApiGuard guard) {
        this.guard = guard;
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return guard.serve(event, context, this::route);
    }

    /** Answers one request of the caller's tenant; {@link #noRoute} for a route key this function does not serve. */
    protected abstract APIGatewayV2HTTPResponse route(ApiRequest request, String tenant);

    /** The 404 problem for a route key this function does not serve. */
    protected static APIGatewayV2HTTPResponse noRoute(ApiRequest request) {
        return ApiResponses.problem(Problem.of(404, "RouteNotFound", "no route " + request.routeKey()));
    }
}
