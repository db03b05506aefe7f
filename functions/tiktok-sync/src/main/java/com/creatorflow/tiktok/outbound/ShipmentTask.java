package com.creatorflow.tiktok.outbound;

import com.creatorflow.shared.workflow.OrderRef;

/**
 * The input of the outbound workflow steps.
 *
 * @param tenantId the tenant
 * @param orderId the order
 * @param reason why (cancellations only)
 */
public record ShipmentTask(String tenantId, String orderId, String reason) implements OrderRef {
}
