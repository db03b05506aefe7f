package com.creatorflow.analytics;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.analytics.AnalyticsAggregates;
import com.creatorflow.shared.analytics.AnalyticsRebuilds;
import com.creatorflow.shared.analytics.AnalyticsReports;
import com.creatorflow.shared.analytics.AnalyticsService;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiHandler;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.rules.RuleSetStore;
import com.creatorflow.shared.store.OrderRepository;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The analytics API: {@code GET /v1/analytics} (the first version's UTC daily figures), {@code GET
 * /v1/analytics/reports} (grouped reports, JSON or CSV), {@code GET /v1/analytics/today} and {@code POST
 * /v1/analytics/rebuild} (queues a rebuild of a range of days).
 */
public final class AnalyticsApiHandler extends ApiHandler {
    private final AnalyticsService analytics;
    private final AnalyticsReports reports;
    private final AnalyticsRebuilds rebuilds;

    /** Lambda's constructor: collaborators from the process environment. */
    public AnalyticsApiHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public AnalyticsApiHandler(Env env) {
        this(new AnalyticsService(env.aws().dynamo(), env.require("ANALYTICS_TABLE"), OrderRepository.fromEnv(env)),
                new AnalyticsReports(new AnalyticsAggregates(env.aws().dynamo(), env.require("ANALYTICS_TABLE"),
                        OrderRepository.fromEnv(env), RuleSetStore.fromEnv(env)), Clock.systemUTC()),
                new AnalyticsRebuilds(env.aws().sqs(), env.require("ANALYTICS_QUEUE_URL")), ApiGuard.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public AnalyticsApiHandler(AnalyticsService analytics, AnalyticsReports reports, AnalyticsRebuilds rebuilds,
                               ApiGuard guard) {
        super(guard);
        this.analytics = analytics;
        this.reports = reports;
        this.rebuilds = rebuilds;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
        return switch (request.routeKey()) {
            case "GET /v1/analytics" -> {
                LocalDate today = LocalDate.now(ZoneOffset.UTC);
                yield ApiResponses.json(200, analytics.report(tenant,
                        request.query("from").orElse(today.minusDays(29).toString()),
                        request.query("to").orElse(today.toString())));
            }
            case "GET /v1/analytics/reports" -> report(request, tenant);
            case "GET /v1/analytics/today" -> ApiResponses.json(200, reports.today(tenant));
            case "POST /v1/analytics/rebuild" -> {
                ObjectNode body = request.jsonBody("from", "to");
                yield ApiResponses.json(202, Map.of("days", rebuilds.request(tenant,
                        body.path("from").isTextual() ? body.get("from").asText() : null,
                        body.path("to").isTextual() ? body.get("to").asText() : null)));
            }
            default -> noRoute(request);
        };
    }

    private APIGatewayV2HTTPResponse report(ApiRequest request, String tenant) {
        String format = request.query("format").orElse(request.header("Accept").filter(a -> a.contains("text/csv"))
                .map(a -> "csv").orElse("json"));
        if (!format.equals("json") && !format.equals("csv")) {
            throw new ValidationFailed("format", "format must be json or csv");
        }
        AnalyticsReports.Report report = reports.report(tenant, request.query("from").orElse(null),
                request.query("to").orElse(null), request.query("groupBy").orElse(null));
        if (format.equals("json")) {
            return ApiResponses.json(200, report);
        }
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "text/csv; charset=utf-8", "Content-Disposition",
                        "attachment; filename=\"analytics-" + report.groupBy() + "-" + report.from() + "-"
                                + report.to() + ".csv\""))
                .withBody(AnalyticsReports.csv(report)).build();
    }
}
