package com.creatorflow.shared.error;

/** The caller sent too many requests; it may retry after the given number of seconds. */
public final class RateLimited extends CreatorFlowException {
    private static final long serialVersionUID = 1L;
    private final long retryAfterSeconds;

    public RateLimited(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds until a retry may succeed. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public int httpStatus() {
        return 429;
    }
}
