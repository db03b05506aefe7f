package com.creatorflow.shared.error;

/** An order with this id is already stored for the tenant. */
public final class OrderAlreadyExists extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public OrderAlreadyExists(String orderId) {
        super("order " + orderId + " already exists");
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
