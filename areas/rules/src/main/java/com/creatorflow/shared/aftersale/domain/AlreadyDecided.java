package com.creatorflow.shared.aftersale.domain;

import com.creatorflow.shared.error.CreatorFlowException;

/** The request is no longer waiting for a decision (decided, settled or withdrawn). */
public final class AlreadyDecided extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public AlreadyDecided(BuyerRequest request) {
        super("request " + request.requestId() + " is " + request.status() + " and takes no decision now");
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
