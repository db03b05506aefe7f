package com.creatorflow.shared.lifecycle;

import com.creatorflow.shared.error.CreatorFlowException;
import com.creatorflow.shared.order.OrderState;

/** A lifecycle move that the transition table does not allow; names the current state, the target and why. */
public final class IllegalTransition extends CreatorFlowException {
    private static final long serialVersionUID = 1L;
    private final OrderState from;
    private final OrderState to;

    public IllegalTransition(OrderState from, OrderState to, String reason) {
        super("cannot move an order from " + from + " to " + to + ": " + reason);
        this.from = from;
        this.to = to;
    }

    /** The state the order is in. */
    public OrderState from() {
        return from;
    }

    /** The state that was refused. */
    public OrderState to() {
        return to;
    }

    @Override
    public int httpStatus() {
        return 409;
    }
}
