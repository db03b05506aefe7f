package com.creatorflow.analytics;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.analytics.AnalyticsService;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.store.OrderRepository;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** {@code GET /v1/analytics?from=YYYY-MM-DD&to=YYYY-MM-DD}: the caller's figures (default: the last 30 days). */
public final class AnalyticsApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final AnalyticsService analytics;
    private final ApiGuard guard;

    /** Lambda's constructor: collaborators from the process environment. */
    public AnalyticsApiHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public AnalyticsApiHandler(Env env) {
        this(new AnalyticsService(env.aws().dynamo(), env.require("ANALYTICS_TABLE"), OrderRepository.fromEnv(env)),
                ApiGuard.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public AnalyticsApiHandler(AnalyticsService analytics, ApiGuard guard) {
        this.analytics = analytics;
        this.guard = guard;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return guard.serve(event, context, (request, tenant) -> {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            return ApiResponses.json(200, analytics.report(tenant,
                    request.query("from").orElse(today.minusDays(29).toString()),
                    request.query("to").orElse(today.toString())));
        });
    }
}
