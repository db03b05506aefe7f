package com.creatorflow.shared.error;

/** Someone saved the creator's rules first: the save was based on a version that is no longer the latest. */
public final class RuleSetConflict extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public RuleSetConflict(long basedOn, long latest) {
        super("the rules were saved from version " + basedOn + " but version " + latest
                + " is the latest now; reload the rules and save again");
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
