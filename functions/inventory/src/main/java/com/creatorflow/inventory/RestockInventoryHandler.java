package com.creatorflow.inventory;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.inventory.InventoryService;
import com.creatorflow.shared.inventory.InventoryStepInput;
import com.creatorflow.shared.inventory.domain.StepOutcome;
import com.creatorflow.shared.workflow.TaskHandler;

/**
 * RestockInventory (return): puts the returned units back on hand when the creator says so ({@code restock} in the
 * input, else the creator's setting); the units then serve waiting orders. Idempotent.
 */
public final class RestockInventoryHandler extends TaskHandler<InventoryStepInput, StepOutcome> {
    private final InventoryService inventory;

    /** Lambda's constructor. */
    public RestockInventoryHandler() {
        this(Env.system());
    }

    /** Collaborators from an environment (local runtime). */
    public RestockInventoryHandler(Env env) {
        this(InventoryService.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public RestockInventoryHandler(InventoryService inventory) {
        super(InventoryStepInput.class);
        this.inventory = inventory;
    }

    @Override
    protected StepOutcome handle(InventoryStepInput input, Context context) {
        input.requireOrder();
        return inventory.returns().restockOrder(input.tenantId(), input.orderId(), input.restock());
    }
}
