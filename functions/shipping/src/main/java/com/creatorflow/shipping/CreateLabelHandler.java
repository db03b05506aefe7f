package com.creatorflow.shipping;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.shipping.ShipmentService;
import com.creatorflow.shared.shipping.ShippingTask;
import com.creatorflow.shared.shipping.domain.LabelResult;
import com.creatorflow.shared.workflow.TaskHandler;

/** Workflow step CreateLabel: buys the label with the chosen carrier, failing over to the next candidate when a carrier is down, stores the 4x6 PDF per package, and moves the order RESERVED to LABELED with its packages (carrier, service, tracking number): the seam the TikTok push step reads. */
public final class CreateLabelHandler extends TaskHandler<ShippingTask, LabelResult> {
    private final ShipmentService shipments;

    /** Lambda's constructor: collaborators from the process environment. */
    public CreateLabelHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public CreateLabelHandler(Env env) {
        this(ShipmentService.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public CreateLabelHandler(ShipmentService shipments) {
        super(ShippingTask.class);
        this.shipments = shipments;
    }

    @Override
    protected LabelResult handle(ShippingTask input, Context context) {
        return shipments.createLabels(input);
    }
}
