package com.creatorflow.shared.order;

import java.util.List;

/**
 * One SKU of an order with its quantity. TikTok sends one line item per unit; we group them by SKU and keep the
 * TikTok line ids so that a partial shipment can still name the units it ships.
 *
 * @param sku the seller SKU (our inventory key)
 * @param productId TikTok's product id
 * @param productName the product's display name
 * @param skuName the variant's display name
 * @param quantity units ordered (at least 1)
 * @param unitPrice the sale price of one unit
 * @param tiktokLineIds TikTok's line item ids, one per unit
 */
public record LineItem(String sku, String productId, String productName, String skuName, int quantity,
                       Money unitPrice, List<String> tiktokLineIds) {
    public LineItem {
        if (quantity < 1) {
            throw new IllegalArgumentException("quantity of " + sku + " must be at least 1");
        }
        tiktokLineIds = tiktokLineIds == null ? List.of() : List.copyOf(tiktokLineIds);
    }

    /** Unit price times quantity. */
    public Money lineTotal() {
        return unitPrice.times(quantity);
    }
}
