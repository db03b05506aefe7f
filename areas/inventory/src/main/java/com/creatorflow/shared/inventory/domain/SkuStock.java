package com.creatorflow.shared.inventory.domain;

import java.util.List;

/**
 * A SKU's stock over all its locations with its low-stock threshold, as read in one query.
 *
 * @param sku the seller SKU
 * @param locations stock per location (possibly none)
 * @param lowThreshold total available units at or below which the SKU is low, or null when none is set
 * @param lowAlerted whether an {@code InventoryLow} event was raised and the SKU has not recovered since
 */
public record SkuStock(String sku, List<StockLevel> locations, Long lowThreshold, boolean lowAlerted) {
    public SkuStock {
        locations = List.copyOf(locations);
    }

    /** No stock anywhere and no threshold. */
    public static SkuStock none(String sku) {
        return new SkuStock(sku, List.of(), null, false);
    }

    /** Units on hand over all locations. */
    public long onHand() {
        return locations.stream().mapToLong(StockLevel::onHand).sum();
    }

    /** Units reserved over all locations. */
    public long reserved() {
        return locations.stream().mapToLong(StockLevel::reserved).sum();
    }

    /** Units available over all locations. */
    public long available() {
        return locations.stream().mapToLong(StockLevel::available).sum();
    }

    /** The stock at one location, if the SKU has any there. */
    public java.util.Optional<StockLevel> at(String location) {
        return locations.stream().filter(l -> l.location().equals(location)).findFirst();
    }
}
