package com.creatorflow.shipping;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.shipping.ShipmentService;
import com.creatorflow.shared.shipping.ShippingTask;
import com.creatorflow.shared.shipping.domain.CarrierChoice;
import com.creatorflow.shared.workflow.TaskHandler;

/** Workflow step ChooseCarrier: rate shops the order's unlabelled lines by the creator's rules and returns the ranked candidates (the choice first, then the failover order). Changes nothing; fails with {@code CarrierUnavailable} when no carrier can quote and {@code ValidationFailed} for a bad address, a SKU without profile or missing rules. */
public final class ChooseCarrierHandler extends TaskHandler<ShippingTask, CarrierChoice> {
    private final ShipmentService shipments;

    /** Lambda's constructor: collaborators from the process environment. */
    public ChooseCarrierHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public ChooseCarrierHandler(Env env) {
        this(ShipmentService.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public ChooseCarrierHandler(ShipmentService shipments) {
        super(ShippingTask.class);
        this.shipments = shipments;
    }

    @Override
    protected CarrierChoice handle(ShippingTask input, Context context) {
        return shipments.choose(input);
    }
}
