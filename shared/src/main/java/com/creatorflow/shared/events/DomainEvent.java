package com.creatorflow.shared.events;

/**
 * One event to put on the bus.
 *
 * @param source the EventBridge source ({@code creatorflow.orders}, ...)
 * @param detailType the EventBridge detail-type ({@code OrderStatusChanged}, ...)
 * @param detail the detail object (serialised as JSON)
 */
public record DomainEvent(String source, String detailType, Object detail) {
}
