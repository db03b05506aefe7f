package com.creatorflow.analytics;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.analytics.AnalyticsService;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiHandler;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.store.OrderRepository;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** {@code GET /v1/analytics?from=YYYY-MM-DD&to=YYYY-MM-DD}: the caller's figures (default: the last 30 days). */
public final class AnalyticsApiHandler extends ApiHandler {
    private final AnalyticsService analytics;

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
        super(guard);
        this.analytics = analytics;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return ApiResponses.json(200, analytics.report(tenant,
                request.query("from").orElse(today.minusDays(29).toString()),
                request.query("to").orElse(today.toString())));
    }
}
