package com.creatorflow.analytics;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.creatorflow.shared.analytics.AnalyticsService;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.store.OrderRepository;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;

/**
 * Counts every {@code OrderCreated} and {@code OrderStatusChanged} event from EventBridge into the tenant's daily
 * figures, exactly once.
 */
public final class AnalyticsEventsHandler implements RequestStreamHandler {
    private final AnalyticsService analytics;

    /** Lambda's constructor: collaborators from the process environment. */
    public AnalyticsEventsHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public AnalyticsEventsHandler(Env env) {
        this(new AnalyticsService(env.aws().dynamo(), env.require("ANALYTICS_TABLE"), OrderRepository.fromEnv(env)));
    }

    /** Explicit collaborators (tests). */
    public AnalyticsEventsHandler(AnalyticsService analytics) {
        this.analytics = analytics;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        Telemetry.invoke(context, () -> {
            JsonNode detail = Json.tree(input).path("detail");
            String tenant = detail.path("tenantId").asText(null);
            String orderId = detail.path("orderId").asText(null);
            String to = detail.has("to") ? detail.path("to").asText(null) : detail.path("state").asText(null);
            if (tenant == null || orderId == null || to == null || !detail.has("version")) {
                Telemetry.count("AnalyticsEventIncomplete");
                return null;
            }
            if (!AnalyticsService.counts(to)) {
                Telemetry.count("AnalyticsEventNotCounted");
                return null;
            }
            Telemetry.correlate(Telemetry.ORDER_ID, orderId);
            Instant at = detail.hasNonNull("at") ? Instant.parse(detail.get("at").asText()) : Instant.now();
            boolean counted = analytics.record(new AnalyticsService.Transition(tenant, orderId,
                    detail.path("from").asText(null), to, detail.get("version").asLong(), at));
            Telemetry.count(counted ? "AnalyticsEventCounted" : "AnalyticsEventRepeated");
            return null;
        });
    }
}
