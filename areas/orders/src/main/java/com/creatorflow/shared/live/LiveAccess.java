package com.creatorflow.shared.live;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiRequest;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Opens the live feed only to whom the API would show the tenant's orders: the feed shows what the order list shows,
 * so the verified token's claims go through the same {@link ApiGuard} as a request of the list's route
 * {@value #ROUTE_KEY} (its permission in RoutePermissions, rate limits, membership and role in the team). Used by
 * the local server-sent event stream and by the WebSocket {@code $connect} in AWS.
 */
public final class LiveAccess {
    /** The route whose permission the feed needs. */
    public static final String ROUTE_KEY = "GET /v1/orders";

    private LiveAccess() {
    }

    /**
     * The guard's answer for a caller with these verified claims: what {@code admitted} answers for the request and
     * its tenant, or the problem (403, 429, 400) that refuses it.
     */
    public static APIGatewayV2HTTPResponse admit(ApiGuard guard, Map<String, String> claims,
                                                 Map<String, String> headers, Map<String, String> query,
                                                 Context context,
                                                 BiFunction<ApiRequest, String, APIGatewayV2HTTPResponse> admitted) {
        var jwt = APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims)
                .withScopes(List.of()).build();
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey(ROUTE_KEY)
                .withRawPath("/v1/orders").withHeaders(headers).withQueryStringParameters(query)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRouteKey(ROUTE_KEY)
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withJwt(jwt).build())
                        .build())
                .build();
        return guard.serve(event, context, admitted);
    }
}
