package com.creatorflow.shared.error;

/**
 * The seller authorized a shop that another CreatorFlow account already connected: a shop belongs to exactly one
 * account, so nothing of the authorization is stored.
 */
public final class ShopConnectedElsewhere extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public ShopConnectedElsewhere(String shopId) {
        super("TikTok shop " + shopId + " is already connected to another CreatorFlow account; disconnect it there "
                + "first");
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
