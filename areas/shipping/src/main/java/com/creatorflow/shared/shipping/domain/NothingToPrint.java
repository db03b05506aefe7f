package com.creatorflow.shared.shipping.domain;

import com.creatorflow.shared.error.CreatorFlowException;

/** A batch print where no order has a live label; the message lists each order with its reason (422). */
public final class NothingToPrint extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public NothingToPrint(String skipped) {
        super("none of the orders has a label to print: " + skipped);
    }

    @Override
    public String field() {
        return "orderIds";
    }

    @Override
    public int httpStatus() {
        return 422;
    }
}
