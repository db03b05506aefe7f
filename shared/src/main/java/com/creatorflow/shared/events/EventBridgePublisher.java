package com.creatorflow.shared.events;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.TransientFailure;
import com.creatorflow.shared.json.Json;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;

/** Publishes domain events to the project's EventBridge bus ({@code EVENT_BUS_NAME}) with {@code PutEvents}. */
public final class EventBridgePublisher implements EventPublisher {
    private final EventBridgeClient eventBridge;
    private final String busName;

    /**
     * @param eventBridge the EventBridge client
     * @param busName the bus name (from {@code EVENT_BUS_NAME})
     */
    public EventBridgePublisher(EventBridgeClient eventBridge, String busName) {
        this.eventBridge = eventBridge;
        this.busName = busName;
    }

    /** The publisher for an environment's {@code EVENT_BUS_NAME}. */
    public static EventBridgePublisher fromEnv(Env env) {
        return new EventBridgePublisher(env.aws().eventBridge(), env.require("EVENT_BUS_NAME"));
    }

    @Override
    public void publish(DomainEvent event) {
        PutEventsRequestEntry entry = PutEventsRequestEntry.builder()
                .eventBusName(busName)
                .source(event.source())
                .detailType(event.detailType())
                .time(event.time())
                .detail(Json.write(event.detail()))
                .build();
        PutEventsResponse response;
        try {
            response = eventBridge.putEvents(r -> r.entries(entry));
        } catch (SdkException e) {
            throw new TransientFailure("publishing " + event.detailType() + " failed: " + e.getMessage(), e);
        }
        if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
            var failed = response.entries().get(0);
            throw new TransientFailure("EventBridge refused " + event.detailType() + ": " + failed.errorCode() + " "
                    + failed.errorMessage());
        }
    }
}
