package com.creatorflow.shared.team;

import com.creatorflow.shared.error.CreatorFlowException;

/** The member changed (role, removal) between reading and writing it; read it again. */
public final class MemberChanged extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public MemberChanged(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
