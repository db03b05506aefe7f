package com.creatorflow.shared.inventory;

import com.creatorflow.shared.events.EventPublisher;
import com.creatorflow.shared.inventory.domain.InventoryLow;
import com.creatorflow.shared.inventory.domain.Reservation;
import com.creatorflow.shared.inventory.domain.SkuStock;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Raises {@code InventoryLow} once each time a SKU's available units fall to its threshold. */
public final class LowStockAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(LowStockAlerts.class);

    private final InventoryRepository inventory;
    private final EventPublisher events;
    private final Clock clock;

    LowStockAlerts(InventoryRepository inventory, EventPublisher events, Clock clock) {
        this.inventory = inventory;
        this.events = events;
        this.clock = clock;
    }

    /** After a reservation: evaluates the SKUs it took near or below their threshold (as read to plan it). */
    void afterReservation(String tenant, Map<String, SkuStock> seen, Reservation reservation) {
        Map<String, Long> taken = new HashMap<>();
        reservation.lines().forEach(line -> taken.merge(line.sku(), (long) line.quantity(), Long::sum));
        List<String> near = new ArrayList<>();
        seen.forEach((sku, stock) -> {
            if (stock.lowThreshold() != null && !stock.lowAlerted()
                    && stock.available() - taken.getOrDefault(sku, 0L) <= stock.lowThreshold()) {
                near.add(sku);
            }
        });
        evaluate(tenant, near);
    }

    /**
     * Raises {@code InventoryLow} for the SKUs at or below their threshold that have not raised it since they last
     * recovered, and marks recovered the ones above it. Of concurrent callers exactly one raises each event.
     */
    public void evaluate(String tenant, Collection<String> skus) {
        for (String sku : skus) {
            SkuStock stock = inventory.stock(tenant, sku);
            if (stock.lowThreshold() == null) {
                continue;
            }
            boolean low = stock.available() <= stock.lowThreshold();
            if (low == stock.lowAlerted() || !inventory.catalog().markLow(tenant, sku, low) || !low) {
                continue;
            }
            Instant now = clock.instant();
            InventoryLow detail = new InventoryLow(tenant, sku, stock.available(), stock.onHand(), stock.reserved(),
                    stock.lowThreshold(), now);
            try {
                events.publish(InventoryLow.SOURCE, InventoryLow.DETAIL_TYPE, detail);
            } catch (RuntimeException e) {
                LOG.warn("InventoryLow for {} could not be published; it will be raised again: {}", sku,
                        e.getMessage());
                inventory.catalog().markLow(tenant, sku, false);
            }
        }
    }
}
