package com.creatorflow.shared.error;

/** A request body over the route's limit: a 413, answered before the body is parsed. */
public final class PayloadTooLarge extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public PayloadTooLarge(long bytes, long limit) {
        super("the request body has " + bytes + " bytes; this route accepts at most " + limit);
    }

    @Override
    public String field() {
        return "body";
    }

    @Override
    public int httpStatus() {
        return 413;
    }
}
