package com.creatorflow.shared.inventory.domain;

import java.util.List;

/**
 * A listing SKU that ships as several stocked SKUs: reserving one unit of the bundle reserves each component's
 * quantity.
 *
 * @param sku the bundle's listing SKU
 * @param components the stocked SKUs in one unit of the bundle
 */
public record Bundle(String sku, List<Component> components) {
    public Bundle {
        components = List.copyOf(components);
    }

    /**
     * One stocked SKU of a bundle.
     *
     * @param sku the stocked SKU
     * @param quantity units of it in one bundle
     */
    public record Component(String sku, int quantity) {
    }
}
