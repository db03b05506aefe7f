package com.creatorflow.inventory;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.inventory.InventoryService;
import com.creatorflow.shared.inventory.InventoryStepInput;
import com.creatorflow.shared.inventory.domain.StepOutcome;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.rules.RuleOutcome;
import com.creatorflow.shared.workflow.TaskHandler;

/**
 * ReserveInventory: reserves every unit of a READY order (RESERVED), or puts it on the back-order list
 * (BACKORDERED) or fails with {@code InsufficientStock} for review, as the step's {@code onShortage} or the creator's
 * setting says; from the warehouse the creator's rules route it to, when they do. Idempotent.
 */
public final class ReserveInventoryHandler extends TaskHandler<InventoryStepInput, StepOutcome> {
    private final InventoryService inventory;

    /** Lambda's constructor. */
    public ReserveInventoryHandler() {
        this(Env.system());
    }

    /** Collaborators from an environment (local runtime). */
    public ReserveInventoryHandler(Env env) {
        this(InventoryService.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public ReserveInventoryHandler(InventoryService inventory) {
        super(InventoryStepInput.class);
        this.inventory = inventory;
    }

    @Override
    protected StepOutcome handle(InventoryStepInput input, Context context) {
        input.requireOrder();
        RuleOutcome rules = input.rules() == null ? RuleOutcome.nothing() : input.rules();
        StepOutcome outcome = inventory.reservations().reserveOrder(input.tenantId(), input.orderId(),
                input.onShortage(), rules.warehouse(), rules.decidedBy().get("warehouse"));
        Telemetry.count("Inventory" + ("RESERVED".equals(outcome.status()) ? "Reserved" : "Backordered"));
        return outcome;
    }
}
