package com.creatorflow.shared.error;

/**
 * The caller is signed in but may not do this: its role lacks the route's permission, it is no longer a member of
 * the tenant, its token's role is not the member's role any more, or the route declares no permission.
 */
public final class Forbidden extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public Forbidden(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 403;
    }
}
