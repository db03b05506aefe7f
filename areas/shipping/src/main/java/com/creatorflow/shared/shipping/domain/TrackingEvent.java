package com.creatorflow.shared.shipping.domain;

import java.time.Instant;

/**
 * One carrier scan or status update for one parcel.
 *
 * @param carrier the carrier
 * @param trackingNumber the parcel's tracking number (normalized)
 * @param eventId the carrier's id of the event (duplicates share it)
 * @param status our status
 * @param nativeCode the carrier's own status code
 * @param occurredAt when it happened
 * @param description the carrier's words
 * @param location where it happened, when the carrier says
 */
public record TrackingEvent(Carrier carrier, String trackingNumber, String eventId, TrackingStatus status,
                            String nativeCode, Instant occurredAt, String description, String location) {
}
