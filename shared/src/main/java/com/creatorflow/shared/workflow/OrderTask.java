package com.creatorflow.shared.workflow;

/**
 * The input of a workflow step that needs only the order: the state machine passes {@code tenantId} and
 * {@code orderId}, the step reloads the order itself.
 *
 * @param tenantId the tenant that owns the order
 * @param orderId the order id
 */
public record OrderTask(String tenantId, String orderId) implements OrderRef {
}
