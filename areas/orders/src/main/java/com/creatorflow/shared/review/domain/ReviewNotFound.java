package com.creatorflow.shared.review.domain;

import com.creatorflow.shared.error.CreatorFlowException;

/** No open review for this order (never opened, already decided, or another tenant's). */
public final class ReviewNotFound extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public ReviewNotFound(String orderId) {
        super("order " + orderId + " has no open review");
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
