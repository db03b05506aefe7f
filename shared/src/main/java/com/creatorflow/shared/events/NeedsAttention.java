package com.creatorflow.shared.events;

import java.time.Instant;

/**
 * Detail of {@code NeedsAttention} ({@code creatorflow.orders}): an order moved to NEEDS_ATTENTION and waits for a
 * person. Published beside the transition's {@code OrderStatusChanged}, for notifications.
 *
 * @param eventId "tenant#order#version"
 * @param tenantId the creator
 * @param orderId the order
 * @param from the state it was in
 * @param reason what needs deciding
 * @param version the order version
 * @param at when it happened
 */
public record NeedsAttention(String eventId, String tenantId, String orderId, String from, String reason,
                             long version, Instant at) {
    /** The detail-type. */
    public static final String DETAIL_TYPE = "NeedsAttention";
}
