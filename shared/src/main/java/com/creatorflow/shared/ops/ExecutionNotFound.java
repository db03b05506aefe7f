package com.creatorflow.shared.ops;

import com.creatorflow.shared.error.CreatorFlowException;

/** No execution of our workflows with this ARN for the caller's tenant (missing, not ours, or another tenant's). */
public final class ExecutionNotFound extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public ExecutionNotFound(String executionArn) {
        super("no execution " + executionArn);
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
