package com.creatorflow.shared.order;

/** The kind of order, which chooses its fulfilment workflow. Taken from TikTok's {@code order_type}. */
public enum OrderType {
    /** A normal in-stock order. */
    STANDARD,
    /** Sold before stock exists; ships when it arrives. */
    PRE_ORDER,
    /** Made after the order is placed. */
    MADE_TO_ORDER,
    /** Sold while out of stock; waits for restock. */
    BACK_ORDER;

    /** Maps TikTok's {@code order_type} (empty for standard orders). */
    public static OrderType fromTikTok(String orderType) {
        if (orderType == null || orderType.isBlank()) {
            return STANDARD;
        }
        return switch (orderType) {
            case "PRE_ORDER" -> PRE_ORDER;
            case "MADE_TO_ORDER" -> MADE_TO_ORDER;
            case "BACK_ORDER" -> BACK_ORDER;
            default -> STANDARD;
        };
    }
}
