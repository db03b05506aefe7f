package com.creatorflow.shared.review.domain;

import java.time.Instant;

/**
 * An order waiting for a person, with everything needed to decide. The task token that resumes the workflow stays
 * on the server; the API only ever names the order.
 *
 * @param tenantId the tenant
 * @param orderId the order
 * @param status OPEN or RESOLVED
 * @param failedStep the workflow step that stopped (e.g. ReserveInventory), or HOLD for a rule's hold
 * @param error the error name (e.g. the exception class), if a step failed
 * @param reason what happened, in words
 * @param createdAt when the order first needed attention in this episode
 * @param reminders how many reminders were sent
 * @param escalated whether the review was escalated
 * @param decision the decision taken, once resolved
 * @param decidedBy who decided
 * @param decidedAt when
 * @param note the decider's note
 */
public record Review(String tenantId, String orderId, String status, String failedStep, String error, String reason,
                     Instant createdAt, int reminders, boolean escalated, Decision decision, String decidedBy,
                     Instant decidedAt, String note) {
    /** The status of a review that waits for a decision. */
    public static final String OPEN = "OPEN";
    /** The status of a decided review. */
    public static final String RESOLVED = "RESOLVED";
}
