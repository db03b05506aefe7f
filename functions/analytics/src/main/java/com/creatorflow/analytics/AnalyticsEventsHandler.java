package com.creatorflow.analytics;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.creatorflow.shared.analytics.AnalyticsService;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.store.OrderRepository;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the order events that EventBridge routes to the analytics queue ({@code OrderCreated} and the
 * {@code OrderStatusChanged} moves that analytics counts) into the tenants' daily figures, exactly once, a batch at a
 * time: one transaction per batch, so a busy tenant's counters are not written once per event. An event that cannot
 * be read is counted in a metric and dropped (retrying cannot fix it); a batch that cannot be written comes back
 * whole from the queue (the markers keep the retry exact) and after the queue's maxReceiveCount waits in its DLQ.
 */
public final class AnalyticsEventsHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsEventsHandler.class);

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
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Telemetry.invoke(context, () -> {
            List<AnalyticsService.Transition> transitions = new ArrayList<>();
            for (SQSEvent.SQSMessage message : event.getRecords()) {
                Optional<AnalyticsService.Transition> transition = transition(message.getBody());
                if (transition.isEmpty()) {
                    Telemetry.count("AnalyticsEventIncomplete");
                    LOG.warn("analytics message {} is not a complete order event; dropped", message.getMessageId());
                }
                transition.ifPresent(transitions::add);
            }
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            try {
                AnalyticsService.Recorded recorded = analytics.recordAll(transitions);
                Telemetry.count("AnalyticsEventCounted", recorded.counted());
                Telemetry.count("AnalyticsEventRepeated", recorded.repeated());
            } catch (RuntimeException e) {
                Telemetry.count("AnalyticsBatchFailed");
                LOG.warn("a batch of {} analytics events failed; it comes back from the queue: {}",
                        event.getRecords().size(), e.toString());
                event.getRecords().forEach(message -> failures.add(
                        new SQSBatchResponse.BatchItemFailure(message.getMessageId())));
            }
            return new SQSBatchResponse(failures);
        });
    }

    /** The lifecycle move an EventBridge event (the message body) describes, if it is complete. */
    static Optional<AnalyticsService.Transition> transition(String body) {
        JsonNode detail;
        try {
            detail = Json.tree(body).path("detail");
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
        String tenant = detail.path("tenantId").asText(null);
        String orderId = detail.path("orderId").asText(null);
        String to = detail.has("to") ? detail.path("to").asText(null) : detail.path("state").asText(null);
        if (tenant == null || orderId == null || to == null || !detail.path("version").canConvertToLong()) {
            return Optional.empty();
        }
        Instant at;
        try {
            at = detail.hasNonNull("at") ? Instant.parse(detail.get("at").asText()) : Instant.now();
        } catch (DateTimeParseException badTime) {
            return Optional.empty();
        }
        return Optional.of(new AnalyticsService.Transition(tenant, orderId, detail.path("from").asText(null), to,
                detail.get("version").asLong(), at));
    }
}
