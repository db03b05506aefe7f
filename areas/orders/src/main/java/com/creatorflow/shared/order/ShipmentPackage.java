package com.creatorflow.shared.order;

import java.time.Instant;
import java.util.List;

/**
 * A parcel of an order: which units it holds and how it ships. An order with several packages can be partly shipped.
 *
 * @param packageId our (or TikTok's) package id
 * @param tiktokLineIds the TikTok line item ids packed in it
 * @param status where the package is ({@code PENDING}, {@code LABELED}, {@code SHIPPED}, {@code IN_TRANSIT},
 *     {@code DELIVERED}, {@code EXCEPTION}, {@code VOIDED})
 * @param carrier the carrier code, once chosen
 * @param service the carrier's service level
 * @param trackingNumber the tracking number, once labelled
 * @param labelId the stored label document's id
 * @param shippedAt when it was handed to the carrier
 */
public record ShipmentPackage(String packageId, List<String> tiktokLineIds, String status, String carrier,
                              String service, String trackingNumber, String labelId, Instant shippedAt) {
    public ShipmentPackage {
        tiktokLineIds = tiktokLineIds == null ? List.of() : List.copyOf(tiktokLineIds);
    }
}
