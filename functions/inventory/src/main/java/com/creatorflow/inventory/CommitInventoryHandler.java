package com.creatorflow.inventory;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.inventory.InventoryService;
import com.creatorflow.shared.inventory.InventoryStepInput;
import com.creatorflow.shared.inventory.domain.StepOutcome;
import com.creatorflow.shared.workflow.TaskHandler;

/** CommitInventory (shipment): the order's reserved units leave on hand. Idempotent. */
public final class CommitInventoryHandler extends TaskHandler<InventoryStepInput, StepOutcome> {
    private final InventoryService inventory;

    /** Lambda's constructor. */
    public CommitInventoryHandler() {
        this(Env.system());
    }

    /** Collaborators from an environment (local runtime). */
    public CommitInventoryHandler(Env env) {
        this(InventoryService.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public CommitInventoryHandler(InventoryService inventory) {
        super(InventoryStepInput.class);
        this.inventory = inventory;
    }

    @Override
    protected StepOutcome handle(InventoryStepInput input, Context context) {
        input.requireOrder();
        return inventory.reservations().commitOrder(input.tenantId(), input.orderId());
    }
}
