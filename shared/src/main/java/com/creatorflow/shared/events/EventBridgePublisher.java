package com.creatorflow.shared.events;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.TransientFailure;
import com.creatorflow.shared.json.Json;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Puts events on the bus named by {@code EVENT_BUS_NAME} with {@code PutEvents}, ten entries per call (the API's
 * limit). A failed entry is never ignored: {@link #publish} throws {@link TransientFailure}, and {@link #publishAll}
 * reports which events did not go out so that the caller can retry exactly those.
 */
public final class EventBridgePublisher implements EventPublisher {
    /** Most entries one PutEvents call takes. */
    public static final int MAX_ENTRIES = 10;

    private final EventBridgeClient client;
    private final String busName;

    /** A publisher on a bus. */
    public EventBridgePublisher(EventBridgeClient client, String busName) {
        this.client = client;
        this.busName = busName;
    }

    /** The publisher wired from {@code EVENT_BUS_NAME}. */
    public static EventBridgePublisher fromEnv(Env env) {
        return new EventBridgePublisher(env.aws().eventBridge(), env.require("EVENT_BUS_NAME"));
    }

    @Override
    public void publish(String source, String detailType, Object detail) {
        List<Integer> failed = publishAll(List.of(new DomainEvent(source, detailType, detail)));
        if (!failed.isEmpty()) {
            throw new TransientFailure("the bus did not accept " + detailType + " from " + source);
        }
    }

    /**
     * Publishes events in order, in calls of at most ten, stopping at the first call with a failure.
     *
     * @return the indexes (into {@code events}) of the events that were not accepted, ascending; empty when all were
     */
    public List<Integer> publishAll(List<DomainEvent> events) {
        List<Integer> failed = new ArrayList<>();
        for (int start = 0; start < events.size(); start += MAX_ENTRIES) {
            List<DomainEvent> chunk = events.subList(start, Math.min(events.size(), start + MAX_ENTRIES));
            List<PutEventsRequestEntry> entries = chunk.stream().map(this::entry).toList();
            PutEventsResponse response;
            try {
                response = client.putEvents(r -> r.entries(entries));
            } catch (RuntimeException e) {
                for (int i = start; i < events.size(); i++) {
                    failed.add(i);
                }
                return failed;
            }
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                List<PutEventsResultEntry> results = response.entries();
                for (int i = 0; i < chunk.size(); i++) {
                    if (i >= results.size() || results.get(i).errorCode() != null) {
                        failed.add(start + i);
                    }
                }
                for (int i = start + chunk.size(); i < events.size(); i++) {
                    failed.add(i);
                }
                return failed;
            }
        }
        return failed;
    }

    private PutEventsRequestEntry entry(DomainEvent event) {
        return PutEventsRequestEntry.builder().eventBusName(busName).source(event.source())
                .detailType(event.detailType()).detail(Json.write(event.detail())).build();
    }
}
