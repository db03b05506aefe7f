package com.creatorflow.shared.events;

/**
 * Publishes a domain event ({@code source} = {@code creatorflow.<service>}, {@code detail-type} =
 * {@code <Resource><PastTense>}) on the project's event bus. Publishing must not be the only record of a change:
 * order changes reach the bus from the audit trail's stream (see docs/eventbridge-local.md), so this is for events
 * that have no other durable trace.
 */
public interface EventPublisher {
    /**
     * Publishes one event.
     *
     * @param source for example {@code creatorflow.inventory}
     * @param detailType for example {@code InventoryLow}
     * @param detail a JSON-able object (a record)
     */
    void publish(String source, String detailType, Object detail);
}
