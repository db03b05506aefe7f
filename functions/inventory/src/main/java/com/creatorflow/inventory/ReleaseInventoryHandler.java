package com.creatorflow.inventory;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.inventory.InventoryService;
import com.creatorflow.shared.inventory.InventoryStepInput;
import com.creatorflow.shared.inventory.domain.StepOutcome;
import com.creatorflow.shared.workflow.TaskHandler;

/**
 * ReleaseInventory (cancellation): takes the order off the back-order list and releases its reservation, or marks
 * that it must never get one; freed units serve waiting orders. Idempotent.
 */
public final class ReleaseInventoryHandler extends TaskHandler<InventoryStepInput, StepOutcome> {
    private final InventoryService inventory;

    /** Lambda's constructor. */
    public ReleaseInventoryHandler() {
        this(Env.system());
    }

    /** Collaborators from an environment (local runtime). */
    public ReleaseInventoryHandler(Env env) {
        this(InventoryService.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public ReleaseInventoryHandler(InventoryService inventory) {
        super(InventoryStepInput.class);
        this.inventory = inventory;
    }

    @Override
    protected StepOutcome handle(InventoryStepInput input, Context context) {
        input.requireOrder();
        String reason = input.reason() == null || input.reason().isBlank() ? "order cancelled" : input.reason();
        return inventory.reservations().releaseOrder(input.tenantId(), input.orderId(), reason);
    }
}
