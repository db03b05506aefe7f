package com.creatorflow.shared.events;

import java.time.Instant;

/**
 * Detail of {@code OrderStatusChanged} ({@code creatorflow.orders}): an order moved from one lifecycle state to
 * another. One event per transition; {@code eventId} is stable across redeliveries, so consumers deduplicate on it.
 *
 * @param eventId "tenant#order#version"
 * @param tenantId the creator
 * @param orderId the order
 * @param from the state before
 * @param to the state after
 * @param version the order version the transition produced
 * @param at when it happened
 * @param reason why, in words
 * @param actor who moved it
 */
public record OrderStatusChanged(String eventId, String tenantId, String orderId, String from, String to,
                                 long version, Instant at, String reason, String actor) {
    /** The detail-type. */
    public static final String DETAIL_TYPE = "OrderStatusChanged";
}
