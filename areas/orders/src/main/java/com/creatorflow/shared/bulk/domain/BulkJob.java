package com.creatorflow.shared.bulk.domain;

import java.time.Instant;
import java.util.List;

/**
 * A bulk job as its creator sees it: what it does, where it stands and its counts, updated while it runs.
 *
 * @param jobId the job
 * @param status PLANNING (selecting and ordering the orders), RUNNING, CANCELLING, COMPLETED, CANCELLED or FAILED
 * @param action the action
 * @param reason the note every order's audit entry carries
 * @param tags the tags a TAG job adds
 * @param clientToken the caller's idempotency token, if given
 * @param total how many orders it covers (known once planned)
 * @param processed how many have an outcome
 * @param done how many the action was applied to
 * @param refused how many refused it (with the reason in the results)
 * @param failed how many failed after retries
 * @param skipped how many were skipped (no label to print, or the job was cancelled first)
 * @param createdAt when it was asked for
 * @param finishedAt when it ended
 * @param error why planning failed (FAILED only)
 * @param labels PRINT_LABELS: whether the merged PDF is ready
 */
public record BulkJob(String jobId, String status, String action, String reason, List<String> tags,
                      String clientToken, long total, long processed, long done, long refused, long failed,
                      long skipped, Instant createdAt, Instant finishedAt, String error, boolean labels) {
    /** True once the job ended (nothing more changes). */
    public boolean finished() {
        return "COMPLETED".equals(status) || "CANCELLED".equals(status) || "FAILED".equals(status);
    }
}
