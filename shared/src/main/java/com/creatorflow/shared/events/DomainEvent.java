package com.creatorflow.shared.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A domain event as it goes onto the bus: {@code source} ({@code creatorflow.<service>}), {@code detail-type}
 * ({@code <Resource><PastTense>}), the tenant it concerns, when it happened and its JSON-able detail.
 *
 * @param source the EventBridge source, for example {@code creatorflow.inventory}
 * @param detailType the EventBridge detail-type, for example {@code InventoryLow}
 * @param tenantId the tenant the event concerns
 * @param time when it happened
 * @param detail the event's detail (serialised with the project's JSON mapper)
 */
public record DomainEvent(String source, String detailType, String tenantId, Instant time, Object detail) {
    public DomainEvent {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(detailType, "detailType");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(detail, "detail");
    }
}
