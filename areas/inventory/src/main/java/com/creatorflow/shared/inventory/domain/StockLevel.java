package com.creatorflow.shared.inventory.domain;

import java.time.Instant;

/**
 * Stock of one SKU at one location. {@code available} is kept equal to {@code onHand - reserved} by every write
 * (each write changes them together in one update), and no write may take it below zero.
 *
 * @param sku the seller SKU
 * @param location the warehouse or location code
 * @param onHand units physically there
 * @param reserved units promised to orders not yet shipped
 * @param available units that can still be promised
 * @param updatedAt when it last changed
 */
public record StockLevel(String sku, String location, long onHand, long reserved, long available,
                         Instant updatedAt) {
}
