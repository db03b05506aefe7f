package com.creatorflow.shared.team;

import com.creatorflow.shared.error.CreatorFlowException;

/** The invitation's time ran out; the owner has to invite again. */
public final class InvitationExpired extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public InvitationExpired(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 410;
    }
}
