package com.creatorflow.shared.inventory.domain;

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
 * @param location the only location it may take stock from (a creator's routing rule), or null for any
 * @param priority its fulfilment priority: higher waits in front of lower, then oldest first
 */
public record WaitingOrder(String tenantId, String orderId, Map<String, Integer> needs, Instant since,
                           String taskToken, String location, int priority) {
    public WaitingOrder {
        needs = Map.copyOf(needs);
    }
}
