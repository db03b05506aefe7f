package com.creatorflow.shared.error;

/**
 * TikTok Shop refused a call for a reason a retry will not fix (order cancelled, invalid tracking number, shop not
 * authorized, ...). Carries TikTok's error code. Workflows catch it into NEEDS_ATTENTION.
 */
public final class TikTokRejected extends CreatorFlowException {
    private static final long serialVersionUID = 1L;
    private final long code;

    public TikTokRejected(long code, String message) {
        super("TikTok Shop refused the call (code " + code + "): " + message);
        this.code = code;
    }

    /** TikTok's error code. */
    public long code() {
        return code;
    }

    @Override
    public int httpStatus() {
        return 422;
    }
}
