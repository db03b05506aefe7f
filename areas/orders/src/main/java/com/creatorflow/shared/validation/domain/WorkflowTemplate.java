package com.creatorflow.shared.validation.domain;

import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderType;

/** The fulfilment template an order takes, chosen from the order itself (the creator's rules can add a hold). */
public enum WorkflowTemplate {
    /** In stock, one package: ships at once. */
    STANDARD,
    /** Several packages (TikTok split or a split rule): each package ships on its own. */
    MULTI_PACKAGE,
    /** Pre-order, back-order or made-to-order: waits for stock, then ships. */
    BACKORDER,
    /** Worth more than the high-value threshold: always reviewed by a person before it ships. */
    HIGH_VALUE;

    /** The template of an order; the first that applies wins: high value, back-order, multi-package, standard. */
    public static WorkflowTemplate of(Order order, long highValueMinor) {
        if (order.totals() != null && order.totals().total() != null
                && order.totals().total().minor() >= highValueMinor) {
            return HIGH_VALUE;
        }
        if (order.type() == OrderType.PRE_ORDER || order.type() == OrderType.BACK_ORDER
                || order.type() == OrderType.MADE_TO_ORDER) {
            return BACKORDER;
        }
        return order.packages().size() > 1 ? MULTI_PACKAGE : STANDARD;
    }
}
