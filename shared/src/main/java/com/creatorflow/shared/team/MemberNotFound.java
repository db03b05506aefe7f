package com.creatorflow.shared.team;

import com.creatorflow.shared.error.CreatorFlowException;

/** No such member in this tenant's team; another tenant's member is reported the same way. */
public final class MemberNotFound extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public MemberNotFound(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
