package com.creatorflow.shared.shipping;

import com.creatorflow.shared.rules.RuleOutcome;
import com.creatorflow.shared.shipping.domain.CarrierChoice;
import com.creatorflow.shared.workflow.OrderRef;
import java.util.List;

/**
 * The input of the shipping workflow steps.
 *
 * @param tenantId the creator
 * @param orderId the order
 * @param lineIds TikTok line ids to ship now (a partial shipment); empty: every unit not yet labelled
 * @param choice ChooseCarrier's result, passed on to CreateLabel (absent: CreateLabel shops itself)
 * @param rules the creator's rule decision of this order (the ApplyCreatorRules step's result, evaluated once):
 *     its {@code carrier}, {@code serviceLevel} and {@code split} shape rate shopping and packing (absent: none)
 */
public record ShippingTask(String tenantId, String orderId, List<String> lineIds, CarrierChoice choice,
                           RuleOutcome rules) implements OrderRef {
    public ShippingTask {
        lineIds = lineIds == null ? List.of() : List.copyOf(lineIds);
    }

    /** A task without a rule decision. */
    public ShippingTask(String tenantId, String orderId, List<String> lineIds, CarrierChoice choice) {
        this(tenantId, orderId, lineIds, choice, null);
    }
}
