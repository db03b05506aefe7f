package com.creatorflow.shared.shipping.domain;

import com.creatorflow.shared.error.CreatorFlowException;

/** A carrier webhook whose signature is missing, wrong or too old: refused with 401 and never applied. */
public final class WebhookRejected extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public WebhookRejected(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 401;
    }
}
