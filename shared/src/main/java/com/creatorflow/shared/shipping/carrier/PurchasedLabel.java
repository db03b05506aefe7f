package com.creatorflow.shared.shipping.carrier;

import com.creatorflow.shared.order.Money;
import java.util.List;

/**
 * A bought label: the carrier's shipment id and one tracking number per parcel, in parcel order.
 *
 * @param carrier the carrier
 * @param service our service code
 * @param shipmentId the carrier's id for the shipment
 * @param trackingNumbers one per parcel
 * @param cost what the carrier charged
 */
public record PurchasedLabel(Carrier carrier, String service, String shipmentId, List<String> trackingNumbers,
                             Money cost) {
    public PurchasedLabel {
        trackingNumbers = List.copyOf(trackingNumbers);
    }
}
