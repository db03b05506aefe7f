package com.creatorflow.shared.inventory.domain;

/**
 * A SKU that an order needs more of than is available.
 *
 * @param sku the seller SKU
 * @param requested units the order needs
 * @param available units available over all locations when it was checked
 */
public record Shortage(String sku, int requested, long available) {
}
