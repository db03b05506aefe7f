package com.creatorflow.shared.error;

/**
 * The shop no longer authorizes CreatorFlow (the seller revoked it, or its refresh token expired or was refused):
 * no TikTok call is made for it until the creator connects it again. Not retried; a workflow catches it into
 * NEEDS_ATTENTION.
 */
public final class ShopReconnectNeeded extends CreatorFlowException {
    private static final long serialVersionUID = 1L;
    private final String shopId;

    public ShopReconnectNeeded(String shopId, String reason) {
        super("shop " + shopId + " must be connected again (" + reason + "); no TikTok call is made for it");
        this.shopId = shopId;
    }

    /** The shop. */
    public String shopId() {
        return shopId;
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
