package com.creatorflow.shared.events;

import java.time.Instant;

/**
 * Detail of {@code OrderCreated} ({@code creatorflow.orders}): an order was first stored.
 *
 * @param eventId "tenant#order#1"
 * @param tenantId the creator
 * @param orderId the order
 * @param state the state it was stored in
 * @param version always 1
 * @param at when it was stored
 * @param reason why, in words
 * @param actor who stored it
 */
public record OrderCreated(String eventId, String tenantId, String orderId, String state, long version, Instant at,
                           String reason, String actor) {
    /** The detail-type. */
    public static final String DETAIL_TYPE = "OrderCreated";
}
