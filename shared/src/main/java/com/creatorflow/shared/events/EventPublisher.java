package com.creatorflow.shared.events;

/**
 * Publishes domain events. The production implementation is {@link EventBridgePublisher}; tests use a recording
 * implementation, so that code that raises events does not depend on where they go.
 */
public interface EventPublisher {
    /** Publishes one event; a failure is a {@code TransientFailure}. */
    void publish(DomainEvent event);
}
