package com.creatorflow.shared.workflow;

/** Anything that names one order of one tenant: workflow task inputs implement it so that logs correlate. */
public interface OrderRef {
    /** The tenant that owns the order. */
    String tenantId();

    /** The order id. */
    String orderId();
}
