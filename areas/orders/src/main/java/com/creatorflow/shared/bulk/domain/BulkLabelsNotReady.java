package com.creatorflow.shared.bulk.domain;

import com.creatorflow.shared.error.CreatorFlowException;

/** A bulk job's merged labels asked for before it ended, of a job that prints none, or with nothing printed (409). */
public final class BulkLabelsNotReady extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public BulkLabelsNotReady(String jobId) {
        super("bulk job " + jobId + " has no printed labels (yet): only a finished PRINT_LABELS job with some "
                + "printed has them");
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
