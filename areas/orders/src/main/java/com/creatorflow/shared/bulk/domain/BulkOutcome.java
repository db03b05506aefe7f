package com.creatorflow.shared.bulk.domain;

/**
 * One order's result in a bulk job.
 *
 * @param orderId the order
 * @param outcome DONE, REFUSED (the order's state does not allow it), FAILED (after retries) or SKIPPED
 * @param error the error's name, when not DONE
 * @param reason why, in words, when not DONE
 */
public record BulkOutcome(String orderId, String outcome, String error, String reason) {
    /** The action was applied. */
    public static BulkOutcome done(String orderId) {
        return new BulkOutcome(orderId, "DONE", null, null);
    }
}
