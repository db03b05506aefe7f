package com.creatorflow.shared.shipping.domain;

import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.TrackingStatus;
import java.time.Instant;
import java.util.Set;

/**
 * What we know of one parcel's tracking: whose it is, its last applied status, and which carrier events were seen.
 *
 * @param carrier the carrier
 * @param trackingNumber the tracking number
 * @param tenantId the creator
 * @param orderId the order
 * @param packageId the order's package
 * @param status the last applied status
 * @param lastOccurredAt when the last applied event happened (null before any)
 * @param eventIds the carrier event ids already seen (applied or not)
 * @param revision the optimistic-lock revision of this record
 */
public record TrackingState(Carrier carrier, String trackingNumber, String tenantId, String orderId,
                            String packageId, TrackingStatus status, Instant lastOccurredAt, Set<String> eventIds,
                            long revision) {
    public TrackingState {
        eventIds = eventIds == null ? Set.of() : Set.copyOf(eventIds);
    }
}
