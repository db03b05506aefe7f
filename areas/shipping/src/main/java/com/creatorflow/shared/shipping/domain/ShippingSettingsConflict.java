package com.creatorflow.shared.shipping.domain;

import com.creatorflow.shared.error.CreatorFlowException;

/** A save based on a version of the shipping settings (or of a SKU profile) that is no longer the latest. */
public final class ShippingSettingsConflict extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    /**
     * @param what what was saved ("the shipping settings", "the profile of SKU X")
     * @param basedOn the version the save started from
     * @param latest the latest version now
     */
    public ShippingSettingsConflict(String what, long basedOn, long latest) {
        super(what + " changed after version " + basedOn + " (the latest is version " + latest
                + "); reload and save again");
    }

    /** A conflict described in full. */
    public ShippingSettingsConflict(String message) {
        super(message);
    }

    @Override
    public String field() {
        return "basedOnVersion";
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
