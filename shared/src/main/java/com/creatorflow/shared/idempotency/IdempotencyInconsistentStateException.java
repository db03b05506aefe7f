package com.creatorflow.shared.idempotency;

import com.creatorflow.shared.error.CreatorFlowException;

/**
 * The claim failed because a record exists, yet the record could not be read back consistently (it expired or was
 * removed in between) even after retries (Powertools' {@code IdempotencyInconsistentStateException}).
 */
public final class IdempotencyInconsistentStateException extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public IdempotencyInconsistentStateException(String key) {
        super("idempotency record " + key + " changed while it was being claimed");
    }

    @Override
    public int httpStatus() {
        return 500;
    }
}
