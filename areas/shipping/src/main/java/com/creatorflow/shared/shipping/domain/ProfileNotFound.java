package com.creatorflow.shared.shipping.domain;

import com.creatorflow.shared.error.CreatorFlowException;

/** No shipping profile for a SKU of the caller's tenant. */
public final class ProfileNotFound extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public ProfileNotFound(String sku) {
        super("no shipping profile for SKU " + sku);
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
