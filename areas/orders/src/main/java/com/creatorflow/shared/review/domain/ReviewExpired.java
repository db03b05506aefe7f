package com.creatorflow.shared.review.domain;

import com.creatorflow.shared.error.CreatorFlowException;

/** The review changed while the decision was on its way (decided by someone else, or re-opened); reload it. */
public final class ReviewExpired extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public ReviewExpired(String orderId) {
        super("the review of order " + orderId + " changed meanwhile (decided elsewhere or re-opened); reload it");
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
