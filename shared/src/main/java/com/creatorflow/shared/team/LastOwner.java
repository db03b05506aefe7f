package com.creatorflow.shared.team;

import com.creatorflow.shared.error.CreatorFlowException;

/** The change would leave the team without an owner. */
public final class LastOwner extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public LastOwner(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
