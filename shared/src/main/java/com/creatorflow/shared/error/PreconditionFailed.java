package com.creatorflow.shared.error;

/**
 * The request's {@code If-Match} names a version that is no longer the stored one: someone changed the resource
 * since the caller read it. The caller reads it again (a fresh {@code ETag}) and decides anew.
 */
public final class PreconditionFailed extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public PreconditionFailed(String message) {
        super(message);
    }

    @Override
    public String field() {
        return "If-Match";
    }

    @Override
    public int httpStatus() {
        return 412;
    }
}
