package com.creatorflow.shared.shipping;

import com.creatorflow.shared.lifecycle.IllegalTransition;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.store.OrderRepository;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * A packer marks an order shipped: its labelled parcels were handed to the carrier. The order keeps its state (the
 * fulfilment workflow moves it to SHIPPED when the tracking reaches TikTok); it gets the {@value #TAG} tag, which the
 * order list filters by, and a {@code HANDED_OVER} audit entry naming the member. Marking it again changes nothing.
 */
public final class Handover {
    /** The tag of an order whose parcels were handed over. */
    public static final String TAG = "handed-over";
    private static final Set<OrderState> LABELLED = EnumSet.of(OrderState.LABELED, OrderState.PARTIALLY_SHIPPED,
            OrderState.SHIPPED, OrderState.IN_TRANSIT);

    private final OrderRepository orders;

    public Handover(OrderRepository orders) {
        this.orders = orders;
    }

    /** Marks the order's parcels handed over; an order without a label yet is a 409. */
    public Order markShipped(String tenantId, String orderId, String actor) {
        Order order = orders.get(tenantId, orderId);
        if (order.tags().contains(TAG)) {
            return order;
        }
        if (!LABELLED.contains(order.state())) {
            throw new IllegalTransition(order.state(), OrderState.SHIPPED, "the order has no shipping label yet");
        }
        Set<String> tags = new HashSet<>(order.tags());
        tags.add(TAG);
        return orders.update(order, actor, "HANDED_OVER", "parcels handed to the carrier", null,
                next -> next.tags(tags));
    }
}
