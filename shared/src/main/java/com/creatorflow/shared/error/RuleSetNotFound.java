package com.creatorflow.shared.error;

/** The creator has no rule set version with that number. */
public final class RuleSetNotFound extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public RuleSetNotFound(long version) {
        super("rule set version " + version + " not found");
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
