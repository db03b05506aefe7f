package com.creatorflow.inventory;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.inventory.InventoryService;
import com.creatorflow.shared.inventory.InventoryStepInput;
import com.creatorflow.shared.inventory.domain.StepOutcome;
import com.creatorflow.shared.workflow.TaskHandler;

/**
 * AwaitStock, invoked with {@code .waitForTaskToken}: stores the task token on the back-ordered order so that the
 * arrival of stock sends {@code SendTaskSuccess}; an order no longer waiting is answered at once.
 */
public final class AwaitStockHandler extends TaskHandler<InventoryStepInput, StepOutcome> {
    private final InventoryService inventory;

    /** Lambda's constructor. */
    public AwaitStockHandler() {
        this(Env.system());
    }

    /** Collaborators from an environment (local runtime). */
    public AwaitStockHandler(Env env) {
        this(InventoryService.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public AwaitStockHandler(InventoryService inventory) {
        super(InventoryStepInput.class);
        this.inventory = inventory;
    }

    @Override
    protected StepOutcome handle(InventoryStepInput input, Context context) {
        input.requireOrder();
        if (input.taskToken() == null || input.taskToken().isBlank()) {
            throw new ValidationFailed("taskToken", "taskToken is required (invoke with .waitForTaskToken)");
        }
        return inventory.reservations().awaitStock(input.tenantId(), input.orderId(), input.taskToken());
    }
}
