package com.creatorflow.shared.idempotency;

import com.creatorflow.shared.error.CreatorFlowException;

/**
 * The key was used before with a different payload (Powertools' {@code IdempotencyValidationException}). Answered
 * 422: the request is well formed, but reusing an idempotency key for other content is refused.
 */
public final class IdempotencyValidationException extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public IdempotencyValidationException(String key) {
        super("idempotency key " + key + " was already used with a different payload");
    }

    @Override
    public int httpStatus() {
        return 422;
    }
}
