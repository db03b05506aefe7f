package com.creatorflow.shared.shipping.domain;

import com.creatorflow.shared.order.ShipTo;
import java.util.Collection;

/**
 * A fixed carrier for some shipments. Empty criteria match anything; all given criteria must match.
 *
 * @param sku matches shipments that contain this SKU
 * @param country matches destinations in this ISO country
 * @param region matches destinations in this state or province
 * @param carrier the carrier code to use
 * @param service the service code to use (null: the carrier's best service under the fallback strategy)
 */
public record FixedCarrierRule(String sku, String country, String region, String carrier, String service) {
    /** True when the rule applies to a shipment of these SKUs to this destination. */
    public boolean matches(Collection<String> skus, ShipTo destination) {
        return (sku == null || skus.contains(sku))
                && (country == null || (destination != null && country.equalsIgnoreCase(destination.country())))
                && (region == null || (destination != null && region.equalsIgnoreCase(destination.region())));
    }
}
