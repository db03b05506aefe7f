package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.SkuStock;
import com.creatorflow.shared.inventory.domain.StockLevel;
import java.util.List;

/**
 * A SKU's stock as the API shows it: totals, the threshold and each location.
 *
 * @param sku the SKU
 * @param onHand units on hand over all locations
 * @param reserved units reserved over all locations
 * @param available units available over all locations
 * @param lowThreshold the low-stock threshold, if set
 * @param low whether the SKU is at or below its threshold
 * @param locations stock per location
 */
record StockView(String sku, long onHand, long reserved, long available, Long lowThreshold, boolean low,
                 List<StockLevel> locations) {
    static StockView of(SkuStock stock) {
        boolean low = stock.lowThreshold() != null && stock.available() <= stock.lowThreshold();
        return new StockView(stock.sku(), stock.onHand(), stock.reserved(), stock.available(), stock.lowThreshold(),
                low, stock.locations());
    }
}
