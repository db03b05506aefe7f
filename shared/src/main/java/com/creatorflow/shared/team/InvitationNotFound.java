package com.creatorflow.shared.team;

import com.creatorflow.shared.error.CreatorFlowException;

/** No such open invitation (unknown, revoked, already accepted, or another tenant's). */
public final class InvitationNotFound extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public InvitationNotFound(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
