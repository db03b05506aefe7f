package com.creatorflow.shared.tiktok.domain;

import java.time.Instant;
import java.util.List;

/**
 * Where one of a creator's SKUs is listed on TikTok: imported from the shop's catalogue (Search Products), matched
 * by TikTok's {@code seller_sku} to our SKU.
 *
 * @param tenantId the creator
 * @param sku our SKU (TikTok's seller SKU)
 * @param shopId the TikTok shop that lists it
 * @param productId TikTok's product id
 * @param skuId TikTok's SKU id
 * @param warehouseIds TikTok's warehouses holding the listing's stock; the first takes every unit of a location
 *     that matches no warehouse id
 * @param importedAt when the catalogue import last saw it
 */
public record Listing(String tenantId, String sku, String shopId, String productId, String skuId,
                      List<String> warehouseIds, Instant importedAt) {
    public Listing {
        warehouseIds = warehouseIds == null ? List.of() : List.copyOf(warehouseIds);
    }

    /** True when the other listing names the same shop, product, SKU and warehouses. */
    public boolean sameIds(Listing other) {
        return other != null && shopId.equals(other.shopId) && productId.equals(other.productId)
                && skuId.equals(other.skuId) && warehouseIds.equals(other.warehouseIds);
    }
}
