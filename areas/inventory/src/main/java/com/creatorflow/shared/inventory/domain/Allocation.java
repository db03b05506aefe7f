package com.creatorflow.shared.inventory.domain;

/**
 * Units of one SKU taken from one location for an order.
 *
 * @param sku the seller SKU
 * @param location where the units are taken from
 * @param quantity how many
 */
public record Allocation(String sku, String location, int quantity) {
}
