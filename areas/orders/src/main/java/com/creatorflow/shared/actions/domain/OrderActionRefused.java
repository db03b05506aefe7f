package com.creatorflow.shared.actions.domain;

import com.creatorflow.shared.error.CreatorFlowException;

/** An order action that the order's state does not allow (e.g. an address edit after labelling); 409 with why. */
public final class OrderActionRefused extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public OrderActionRefused(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
