package com.creatorflow.shared.aftersale.domain;

import java.time.Instant;

/**
 * A buyer's cancellation or return request on TikTok Shop, as the creator sees and decides it.
 *
 * @param tenantId the creator
 * @param kind CANCELLATION or RETURN
 * @param requestId TikTok's {@code cancel_id} or {@code return_id}
 * @param orderId the order
 * @param shopId the shop
 * @param returnType REFUND, RETURN_AND_REFUND or REPLACEMENT (returns only)
 * @param reason the buyer's reason as TikTok words it (null when TikTok did not give one)
 * @param tiktokStatus the last status TikTok reported ({@code cancel_status} / {@code return_status})
 * @param status PENDING (waiting for the creator), APPROVED, REJECTED, COMPLETED (TikTok settled it) or WITHDRAWN
 * @param decision the creator's decision, once made
 * @param createdAt when we learnt of it
 * @param updatedAt when it last changed
 * @param version the stored version (the API's ETag)
 */
public record BuyerRequest(String tenantId, Kind kind, String requestId, String orderId, String shopId,
                           String returnType, String reason, String tiktokStatus, String status, Decision decision,
                           Instant createdAt, Instant updatedAt, long version) {
    /** What the buyer asks for. */
    public enum Kind {
        CANCELLATION, RETURN
    }

    /**
     * A decision on a request.
     *
     * @param decision APPROVE or REJECT
     * @param reason the rejection reason (one of {@link RejectReasons}), null for an approval
     * @param comment the creator's note to the buyer, if any
     * @param decidedBy who decided (a member, or {@code rule:<id>})
     * @param decidedAt when
     */
    public record Decision(String decision, String reason, String comment, String decidedBy, Instant decidedAt) {
    }

    /** A copy with another status, TikTok status, decision and time (the version is the store's business). */
    public BuyerRequest with(String newStatus, String newTiktokStatus, Decision newDecision, Instant at) {
        return new BuyerRequest(tenantId, kind, requestId, orderId, shopId, returnType, reason, newTiktokStatus,
                newStatus, newDecision, createdAt, at, version);
    }
}
