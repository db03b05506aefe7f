package com.creatorflow.shared.idempotency;

import com.creatorflow.shared.error.CreatorFlowException;

/**
 * Another invocation holds the key and has not finished, and its claim has not expired (Powertools'
 * {@code IdempotencyAlreadyInProgressException}). Retry later: 409.
 */
public final class IdempotencyAlreadyInProgressException extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public IdempotencyAlreadyInProgressException(String key) {
        super("idempotency key " + key + " is being processed by another invocation");
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
