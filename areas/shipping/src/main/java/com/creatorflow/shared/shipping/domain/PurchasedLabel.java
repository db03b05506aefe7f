package com.creatorflow.shared.shipping.domain;

import com.creatorflow.shared.order.Money;
import java.util.List;

/**
 * A bought label: the carrier's shipment id and one tracking number per parcel, in parcel order, and, when the
 * carrier printed them, its label images (one per parcel, same order; empty when we render the label ourselves).
 *
 * @param carrier the carrier
 * @param service our service code
 * @param shipmentId the carrier's id for the shipment
 * @param trackingNumbers one per parcel
 * @param cost what the carrier charged
 * @param labels the carrier's label per parcel, or none
 */
public record PurchasedLabel(Carrier carrier, String service, String shipmentId, List<String> trackingNumbers,
                             Money cost, List<LabelImage> labels) {
    public PurchasedLabel {
        trackingNumbers = List.copyOf(trackingNumbers);
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    /** A purchase whose labels we render ourselves. */
    public PurchasedLabel(Carrier carrier, String service, String shipmentId, List<String> trackingNumbers,
                          Money cost) {
        this(carrier, service, shipmentId, trackingNumbers, cost, List.of());
    }
}
