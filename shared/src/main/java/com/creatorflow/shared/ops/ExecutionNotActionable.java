package com.creatorflow.shared.ops;

import com.creatorflow.shared.error.CreatorFlowException;

/** The execution is not in a state for the asked operation: not redrivable, or no step waits for an answer. */
public final class ExecutionNotActionable extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public ExecutionNotActionable(String message) {
        super(message);
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
