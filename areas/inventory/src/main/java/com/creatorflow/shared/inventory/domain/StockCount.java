package com.creatorflow.shared.inventory.domain;

/**
 * An on-hand count to set for a SKU at a location (a row of a stock count import).
 *
 * @param sku the SKU
 * @param location the location
 * @param quantity the on-hand units counted
 */
public record StockCount(String sku, String location, long quantity) {
}
