package com.creatorflow.shared.inventory;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.inventory.domain.ShortagePolicy;
import com.creatorflow.shared.rules.RuleOutcome;
import com.creatorflow.shared.workflow.OrderRef;

/**
 * The input of the inventory workflow steps. Every step needs the order; the other fields serve one step each.
 *
 * @param tenantId the tenant
 * @param orderId the order
 * @param onShortage ReserveInventory: WAIT or REVIEW for this run (else the creator's setting)
 * @param restock RestockInventory: whether the returned units go back on hand (else the creator's setting)
 * @param taskToken AwaitStock: the task token of the waiting workflow
 * @param reason ReleaseInventory: why the stock is released
 * @param rules ReserveInventory: the creator's rule decision of this order (the ApplyCreatorRules step's result):
 *     its {@code warehouse} is the only location stock is taken from (absent: the creator's location priority)
 */
public record InventoryStepInput(String tenantId, String orderId, ShortagePolicy onShortage, Boolean restock,
                                 String taskToken, String reason, RuleOutcome rules) implements OrderRef {
    /** A step input without a rule decision. */
    public InventoryStepInput(String tenantId, String orderId, ShortagePolicy onShortage, Boolean restock,
                              String taskToken, String reason) {
        this(tenantId, orderId, onShortage, restock, taskToken, reason, null);
    }

    /** Fails with a 4xx-typed error naming the first missing field. */
    public InventoryStepInput requireOrder() {
        if (tenantId == null || tenantId.isBlank()) {
            throw new ValidationFailed("tenantId", "tenantId is required");
        }
        if (orderId == null || orderId.isBlank()) {
            throw new ValidationFailed("orderId", "orderId is required");
        }
        return this;
    }
}
