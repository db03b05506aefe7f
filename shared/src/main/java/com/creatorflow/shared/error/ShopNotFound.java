package com.creatorflow.shared.error;

/** The caller's tenant has no shop with that id (another tenant's shop answers the same). */
public final class ShopNotFound extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public ShopNotFound(String shopId) {
        super("shop " + shopId + " not found");
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
