package com.creatorflow.shared.error;

/** No such order for this tenant. Another tenant's order is reported the same way, so existence does not leak. */
public final class OrderNotFound extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public OrderNotFound(String orderId) {
        super("order " + orderId + " not found");
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
