package com.creatorflow.shared.inventory.domain;

import com.creatorflow.shared.error.CreatorFlowException;
import com.creatorflow.shared.order.OrderState;

/** The order's returned units are not waiting for an inspection (not returned yet, or nothing to restock). */
public final class NotAwaitingInspection extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public NotAwaitingInspection(String orderId, OrderState state) {
        super("order " + orderId + " (" + state + ") has no returned units waiting for an inspection");
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
