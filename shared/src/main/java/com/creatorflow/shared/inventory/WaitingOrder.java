package com.creatorflow.shared.inventory;

import java.time.Instant;
import java.util.Map;

/**
 * An order on the back-order list, waiting for stock.
 *
 * @param tenantId the tenant
 * @param orderId the order
 * @param needs units per stocked SKU (bundles expanded)
 * @param since when it started waiting (the list is served oldest first)
 * @param taskToken the waiting workflow's task token, once it registered one
 */
public record WaitingOrder(String tenantId, String orderId, Map<String, Integer> needs, Instant since,
                           String taskToken) {
    public WaitingOrder {
        needs = Map.copyOf(needs);
    }
}
