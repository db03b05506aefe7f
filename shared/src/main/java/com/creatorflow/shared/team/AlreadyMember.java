package com.creatorflow.shared.team;

import com.creatorflow.shared.error.CreatorFlowException;

/** The signed-in identity already is a member of the team it was invited to. */
public final class AlreadyMember extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public AlreadyMember(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
