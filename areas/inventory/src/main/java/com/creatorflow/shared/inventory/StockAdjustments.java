package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.MovementKind;
import com.creatorflow.shared.inventory.domain.SkuStock;
import java.util.List;

/** Changes a SKU's on-hand units by hand, serving waiting orders and checking its threshold after. */
public final class StockAdjustments {
    private final InventoryRepository inventory;
    private final BackorderResumption backorders;
    private final LowStockAlerts lowStock;

    StockAdjustments(InventoryRepository inventory, BackorderResumption backorders, LowStockAlerts lowStock) {
        this.inventory = inventory;
        this.backorders = backorders;
        this.lowStock = lowStock;
    }

    /**
     * The result of a stock change.
     *
     * @param stock the SKU's stock after it
     * @param resumedOrders waiting orders that the change let through
     */
    public record StockChange(SkuStock stock, List<String> resumedOrders) {
    }

    /** Changes the on-hand units at a location by a delta with a reason (audited as a movement). */
    public StockChange adjust(String tenant, String sku, String location, long delta, String reason, String actor) {
        inventory.changeOnHand(tenant, sku, location, delta, MovementKind.ADJUST, reason, actor, null);
        List<String> resumed = delta > 0 ? backorders.resumeBackorders(tenant, List.of(sku)) : List.of();
        lowStock.evaluate(tenant, List.of(sku));
        return new StockChange(inventory.stock(tenant, sku), resumed);
    }
}
