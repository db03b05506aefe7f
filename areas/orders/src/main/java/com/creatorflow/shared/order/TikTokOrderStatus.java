package com.creatorflow.shared.order;

/** TikTok Shop's order status (API 202309). The webhook spells CANCELLED as {@code CANCEL}; both parse. */
public enum TikTokOrderStatus {
    UNPAID,
    ON_HOLD,
    AWAITING_SHIPMENT,
    PARTIALLY_SHIPPING,
    AWAITING_COLLECTION,
    IN_TRANSIT,
    DELIVERED,
    COMPLETED,
    CANCELLED;

    /** Parses a status from the API or a webhook. */
    public static TikTokOrderStatus parse(String value) {
        if (value == null) {
            throw new IllegalArgumentException("order status is missing");
        }
        if (value.equals("CANCEL")) {
            return CANCELLED;
        }
        try {
            return valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown TikTok order status " + value, e);
        }
    }
}
