package com.creatorflow.shared.shipping.domain;

import com.creatorflow.shared.error.CreatorFlowException;

/** The order has no live label (none bought yet, or all voided), or is not the caller's. */
public final class LabelNotFound extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public LabelNotFound(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
