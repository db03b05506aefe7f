package com.creatorflow.shared.error;

/** Someone else changed the order first: the write expected one version and found another. Reload and retry. */
public final class VersionConflict extends CreatorFlowException {
    private static final long serialVersionUID = 1L;
    private final long expectedVersion;

    public VersionConflict(String orderId, long expectedVersion) {
        super("order " + orderId + " changed concurrently: expected version " + expectedVersion
                + " but it is no longer current; reload the order and retry");
        this.expectedVersion = expectedVersion;
    }

    /** The version the write expected. */
    public long expectedVersion() {
        return expectedVersion;
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
