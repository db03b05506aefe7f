package com.creatorflow.shipping;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.shipping.ShipmentService;
import com.creatorflow.shared.shipping.ShippingTask;
import com.creatorflow.shared.shipping.domain.VoidResult;
import com.creatorflow.shared.workflow.TaskHandler;

/** Workflow step VoidLabel: voids the live labels of an order cancelled after labelling, so the creator is not charged, and marks its packages VOIDED. */
public final class VoidLabelHandler extends TaskHandler<ShippingTask, VoidResult> {
    private final ShipmentService shipments;

    /** Lambda's constructor: collaborators from the process environment. */
    public VoidLabelHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public VoidLabelHandler(Env env) {
        this(ShipmentService.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public VoidLabelHandler(ShipmentService shipments) {
        super(ShippingTask.class);
        this.shipments = shipments;
    }

    @Override
    protected VoidResult handle(ShippingTask input, Context context) {
        return shipments.voidLabels(input);
    }
}
