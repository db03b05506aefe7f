package com.creatorflow.shared.aftersale.domain;

import com.creatorflow.shared.error.CreatorFlowException;

/** No such cancellation or return request for this tenant (never seen, or another tenant's). */
public final class BuyerRequestNotFound extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public BuyerRequestNotFound(BuyerRequest.Kind kind, String requestId) {
        super((kind == BuyerRequest.Kind.RETURN ? "return " : "cancellation request ") + requestId
                + " was not found");
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
