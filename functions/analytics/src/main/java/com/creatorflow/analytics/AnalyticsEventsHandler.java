package com.creatorflow.analytics;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.creatorflow.shared.analytics.AnalyticsAggregates;
import com.creatorflow.shared.analytics.AnalyticsRebuilds;
import com.creatorflow.shared.analytics.AnalyticsService;
import com.creatorflow.shared.config.ConfigCache;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.events.OrderUpdated;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.rules.RuleSetStore;
import com.creatorflow.shared.store.OrderRepository;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the order events that EventBridge routes to the analytics queue ({@code OrderCreated},
 * {@code OrderStatusChanged}, {@code OrderUpdated}): the first version's UTC daily figures ({@link AnalyticsService},
 * created and status events only) and the reports' aggregates ({@link AnalyticsAggregates}: each order named by an
 * event is reconciled once per batch). Rebuild messages ({@link AnalyticsRebuilds}) rebuild one day each. An event
 * that cannot be read is counted in a metric and dropped (retrying cannot fix it); a batch that cannot be written
 * comes back whole from the queue (markers and contribution revisions keep the retry exact) and after the queue's
 * maxReceiveCount waits in its DLQ.
 */
public final class AnalyticsEventsHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsEventsHandler.class);

    private final AnalyticsService analytics;
    private final AnalyticsAggregates aggregates;

    /** Lambda's constructor: collaborators from the process environment. */
    public AnalyticsEventsHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public AnalyticsEventsHandler(Env env) {
        this(new AnalyticsService(env.aws().dynamo(), env.require("ANALYTICS_TABLE"), OrderRepository.fromEnv(env)),
                new AnalyticsAggregates(env.aws().dynamo(), env.require("ANALYTICS_TABLE"),
                        OrderRepository.fromEnv(env), RuleSetStore.fromEnv(env), ConfigCache.maxAge(env)));
    }

    /** Explicit collaborators (tests). */
    public AnalyticsEventsHandler(AnalyticsService analytics, AnalyticsAggregates aggregates) {
        this.analytics = analytics;
        this.aggregates = aggregates;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Telemetry.invoke(context, () -> {
            List<AnalyticsService.Transition> transitions = new ArrayList<>();
            Map<String, Set<String>> ordersByTenant = new LinkedHashMap<>();
            List<SQSEvent.SQSMessage> eventMessages = new ArrayList<>();
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (SQSEvent.SQSMessage message : event.getRecords()) {
                Optional<AnalyticsRebuilds.DayRequest> rebuild = rebuildOf(message.getBody());
                if (rebuild.isPresent()) {
                    rebuild(rebuild.get(), message, failures);
                    continue;
                }
                eventMessages.add(message);
                Optional<AnalyticsService.Transition> transition = transition(message.getBody());
                if (transition.isEmpty()) {
                    Telemetry.count("AnalyticsEventIncomplete");
                    LOG.warn("analytics message {} is not a complete order event; dropped", message.getMessageId());
                    continue;
                }
                ordersByTenant.computeIfAbsent(transition.get().tenantId(), k -> new LinkedHashSet<>())
                        .add(transition.get().orderId());
                if (!OrderUpdated.DETAIL_TYPE.equals(detailType(message.getBody()))) {
                    transitions.add(transition.get());
                }
            }
            try {
                AnalyticsService.Recorded recorded = analytics.recordAll(transitions);
                Telemetry.count("AnalyticsEventCounted", recorded.counted());
                Telemetry.count("AnalyticsEventRepeated", recorded.repeated());
                int changed = 0;
                for (Map.Entry<String, Set<String>> tenant : ordersByTenant.entrySet()) {
                    changed += aggregates.reconcile(tenant.getKey(), List.copyOf(tenant.getValue()));
                }
                Telemetry.count("AnalyticsOrdersReconciled", changed);
            } catch (RuntimeException e) {
                Telemetry.count("AnalyticsBatchFailed");
                LOG.warn("a batch of {} analytics events failed; it comes back from the queue: {}",
                        event.getRecords().size(), e.toString());
                eventMessages.forEach(message -> failures.add(
                        new SQSBatchResponse.BatchItemFailure(message.getMessageId())));
            }
            return new SQSBatchResponse(failures);
        });
    }

    private void rebuild(AnalyticsRebuilds.DayRequest request, SQSEvent.SQSMessage message,
                         List<SQSBatchResponse.BatchItemFailure> failures) {
        try {
            AnalyticsAggregates.DayRebuild done = aggregates.rebuildDay(request.tenantId(), request.day());
            Telemetry.count("AnalyticsDaysRebuilt");
            LOG.info("rebuilt analytics day {}: {} orders, {} corrected", done.day(), done.orders(),
                    done.corrected());
        } catch (RuntimeException e) {
            Telemetry.count("AnalyticsRebuildFailed");
            LOG.warn("rebuilding analytics day {} failed; it comes back from the queue: {}", request.day(),
                    e.toString());
            failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
        }
    }

    private static Optional<AnalyticsRebuilds.DayRequest> rebuildOf(String body) {
        try {
            return AnalyticsRebuilds.parse(Json.tree(body));
        } catch (IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    private static String detailType(String body) {
        return Json.tree(body).path("detail-type").asText("");
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
