package com.creatorflow.shared.bulk.domain;

import java.time.Instant;

/**
 * The detail of the {@code BulkJobFinished} event (source {@code creatorflow.bulk}): a bulk job ended. Raised once,
 * by whoever moved the job to its final status; {@code eventId} is stable per job so a republished event notifies once.
 *
 * @param eventId {@code bulk-finished#<jobId>}
 * @param tenantId the tenant
 * @param jobId the job
 * @param action the job's action
 * @param status COMPLETED, CANCELLED or FAILED
 * @param total orders the job covered
 * @param succeeded orders the action was applied to
 * @param failed orders that failed after retries or refused the action
 * @param job the job's API path ({@code GET} it for its status, append {@code /results} for each order's outcome)
 * @param at when it ended
 */
public record BulkJobFinished(String eventId, String tenantId, String jobId, String action, String status, long total,
                              long succeeded, long failed, String job, Instant at) {
    /** The event source. */
    public static final String SOURCE = "creatorflow.bulk";
    /** The event detail-type. */
    public static final String DETAIL_TYPE = "BulkJobFinished";

    /** The event for a job as it stands once ended. */
    public static BulkJobFinished of(String tenantId, BulkJob job) {
        return new BulkJobFinished("bulk-finished#" + job.jobId(), tenantId, job.jobId(), job.action(), job.status(),
                job.total(), job.done(), job.failed() + job.refused(), "/v1/bulk-actions/" + job.jobId(),
                job.finishedAt());
    }
}
