package com.creatorflow.shared.error;

/**
 * TikTok Shop could not be reached after our retries, or its circuit breaker for the shop is open. The work is not
 * lost: SQS redelivers it, and a workflow retries then catches it into NEEDS_ATTENTION.
 */
public final class TikTokUnavailable extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public TikTokUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public int httpStatus() {
        return 503;
    }
}
