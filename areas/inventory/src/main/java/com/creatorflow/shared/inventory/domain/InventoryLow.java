package com.creatorflow.shared.inventory.domain;

import java.time.Instant;

/**
 * The detail of the {@code InventoryLow} event (source {@code creatorflow.inventory}): a SKU's available units fell
 * to or below the creator's threshold. Raised once per crossing; the SKU must recover above the threshold before it
 * is raised again.
 *
 * @param tenantId the tenant
 * @param sku the SKU
 * @param available units available over all locations
 * @param onHand units on hand over all locations
 * @param reserved units reserved over all locations
 * @param threshold the creator's low-stock threshold
 * @param at when it was detected
 */
public record InventoryLow(String tenantId, String sku, long available, long onHand, long reserved,
                           long threshold, Instant at) {
    /** The event source. */
    public static final String SOURCE = "creatorflow.inventory";
    /** The event detail-type. */
    public static final String DETAIL_TYPE = "InventoryLow";
}
