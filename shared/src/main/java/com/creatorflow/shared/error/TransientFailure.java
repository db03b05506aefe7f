package com.creatorflow.shared.error;

/** A dependency failed in a way that a retry with backoff may fix (timeouts, throttling, 5xx). */
public final class TransientFailure extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public TransientFailure(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 503;
    }
}
