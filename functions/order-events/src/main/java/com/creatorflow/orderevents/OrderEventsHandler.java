package com.creatorflow.orderevents;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.events.DomainEvent;
import com.creatorflow.shared.events.EventBridgePublisher;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.store.AuditImage;
import com.creatorflow.shared.store.OrderEvents;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Publishes the orders' domain events from the AuditLog table's stream: each new audit entry becomes its events
 * ({@link OrderEvents}) on the bus, in stream order. The audit entry is written in the same transaction as the
 * order change, so no change is without its event. When publishing fails, the first record not published is reported
 * as the batch item failure: Lambda retries from there, and after the template's retries sends the batch to the
 * OnFailure queue. Delivery is at least once; consumers deduplicate on {@code detail.eventId}.
 */
public final class OrderEventsHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(OrderEventsHandler.class);

    private final EventBridgePublisher publisher;

    /** Lambda's constructor: collaborators from the process environment. */
    public OrderEventsHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public OrderEventsHandler(Env env) {
        this(EventBridgePublisher.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public OrderEventsHandler(EventBridgePublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return Telemetry.invoke(context, () -> publish(event.getRecords() == null ? List.of() : event.getRecords()));
    }

    private StreamsEventResponse publish(List<DynamodbEvent.DynamodbStreamRecord> records) {
        List<DomainEvent> events = new ArrayList<>();
        List<Integer> recordOfEvent = new ArrayList<>();
        Integer unreadable = null;
        for (int i = 0; i < records.size() && unreadable == null; i++) {
            DynamodbEvent.DynamodbStreamRecord record = records.get(i);
            if (!"INSERT".equals(record.getEventName())) {
                continue;
            }
            try {
                for (DomainEvent domainEvent : OrderEvents.fromAudit(AuditImage.parse(
                        record.getDynamodb().getNewImage()))) {
                    events.add(domainEvent);
                    recordOfEvent.add(i);
                }
            } catch (RuntimeException e) {
                LOG.error("stream record {} is not a readable audit entry", sequenceOf(record), e);
                unreadable = i;
            }
        }
        List<Integer> failed = publisher.publishAll(events);
        Integer firstFailedRecord = failed.isEmpty() ? unreadable : recordOfEvent.get(failed.get(0));
        int published = failed.isEmpty() ? events.size() : failed.get(0);
        Telemetry.metrics().addMetric("OrderEventsPublished", published, MetricUnit.COUNT);
        if (firstFailedRecord == null) {
            return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
        }
        LOG.warn("published {} events; retrying from stream record {}", published,
                sequenceOf(records.get(firstFailedRecord)));
        return StreamsEventResponse.builder().withBatchItemFailures(List.of(
                new StreamsEventResponse.BatchItemFailure(sequenceOf(records.get(firstFailedRecord))))).build();
    }

    private static String sequenceOf(DynamodbEvent.DynamodbStreamRecord record) {
        StreamRecord dynamodb = record.getDynamodb();
        return dynamodb == null ? null : dynamodb.getSequenceNumber();
    }
}
