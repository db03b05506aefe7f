package com.creatorflow.shared.bulk.domain;

/**
 * A message of the bulk-jobs queue: plan a job ({@code chunk = -1}) or work through one of its chunks.
 *
 * @param tenantId the creator
 * @param jobId the job
 * @param chunk the chunk, or -1 to plan
 */
public record BulkMessage(String tenantId, String jobId, int chunk) {
    /** The plan message of a job. */
    public static BulkMessage plan(String tenantId, String jobId) {
        return new BulkMessage(tenantId, jobId, -1);
    }
}
