package com.creatorflow.shared.order;

/** Where an order is in our fulfilment lifecycle. Legal moves between states are in {@code Lifecycle}. */
public enum OrderState {
    /** Known from TikTok, not yet actionable (unpaid or on hold). */
    RECEIVED,
    /** Paid, hold window over, validated. */
    READY,
    /** Waiting for stock to arrive (pre-order, back-order or short stock). */
    BACKORDERED,
    /** Inventory reserved for every line. */
    RESERVED,
    /** Carrier chosen and label bought. */
    LABELED,
    /** Some packages shipped, others not yet. */
    PARTIALLY_SHIPPED,
    /** Tracking pushed to TikTok. */
    SHIPPED,
    /** A carrier scan was seen. */
    IN_TRANSIT,
    /** The carrier confirmed delivery. */
    DELIVERED,
    /** TikTok completed the order. */
    COMPLETED,
    /** A person must decide. */
    NEEDS_ATTENTION,
    /** Cancelled before shipping. */
    CANCELLED,
    /** The buyer asked to return or refund. */
    RETURN_REQUESTED,
    /** Returned and settled. */
    RETURNED
}
