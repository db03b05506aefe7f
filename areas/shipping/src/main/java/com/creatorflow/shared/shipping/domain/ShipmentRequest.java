package com.creatorflow.shared.shipping.domain;

import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.order.Money;
import java.util.List;

/**
 * What a carrier needs to quote or label a shipment.
 *
 * @param reference our reference printed on the label and kept by the carrier (tenant and order)
 * @param shipFrom the creator's ship-from address
 * @param shipTo the buyer's address (personal data: sent to the carrier only, never logged)
 * @param parcels the boxes, at least one
 * @param currency the currency the creator pays in
 * @param declaredValue what the goods are worth (customs declarations and insurance); null when unknown
 */
public record ShipmentRequest(String reference, Address shipFrom, Address shipTo, List<Parcel> parcels,
                              String currency, Money declaredValue) {
    public ShipmentRequest {
        parcels = List.copyOf(parcels);
        if (parcels.isEmpty()) {
            throw new IllegalArgumentException("a shipment needs at least one parcel");
        }
    }

    /** A request without a declared value. */
    public ShipmentRequest(String reference, Address shipFrom, Address shipTo, List<Parcel> parcels, String currency) {
        this(reference, shipFrom, shipTo, parcels, currency, null);
    }

    @Override
    public String toString() {
        return "ShipmentRequest[" + reference + ", " + parcels.size() + " parcels, to "
                + (shipTo == null ? "?" : shipTo.country()) + "]";
    }
}
