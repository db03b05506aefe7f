package com.creatorflow.shared.bulk.domain;

import com.creatorflow.shared.error.CreatorFlowException;

/** No such bulk job for this tenant (another tenant's job is not found either). */
public final class BulkJobNotFound extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public BulkJobNotFound(String jobId) {
        super("bulk job " + jobId + " not found");
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
