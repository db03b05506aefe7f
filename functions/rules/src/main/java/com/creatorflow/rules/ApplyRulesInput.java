package com.creatorflow.rules;

import com.creatorflow.shared.workflow.OrderRef;

/**
 * Input of the ApplyCreatorRules step.
 *
 * @param tenantId the creator
 * @param orderId the order
 * @param reapply true to evaluate again even when a decision is already recorded (default false)
 */
public record ApplyRulesInput(String tenantId, String orderId, Boolean reapply) implements OrderRef {
}
