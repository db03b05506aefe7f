package com.creatorflow.shared.lifecycle;

import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.TikTokOrderStatus;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How TikTok's order statuses map onto our lifecycle. TikTok's status is a floor: when our own pipeline is already
 * further along (we reserved or labelled an order TikTok still calls AWAITING_SHIPMENT) nothing moves.
 */
public final class TikTokStatusMapping {
    private static final Map<TikTokOrderStatus, OrderState> TARGET = new EnumMap<>(TikTokOrderStatus.class);

    static {
        TARGET.put(TikTokOrderStatus.UNPAID, OrderState.RECEIVED);
        TARGET.put(TikTokOrderStatus.ON_HOLD, OrderState.RECEIVED);
        TARGET.put(TikTokOrderStatus.AWAITING_SHIPMENT, OrderState.READY);
        TARGET.put(TikTokOrderStatus.PARTIALLY_SHIPPING, OrderState.PARTIALLY_SHIPPED);
        TARGET.put(TikTokOrderStatus.AWAITING_COLLECTION, OrderState.SHIPPED);
        TARGET.put(TikTokOrderStatus.IN_TRANSIT, OrderState.IN_TRANSIT);
        TARGET.put(TikTokOrderStatus.DELIVERED, OrderState.DELIVERED);
        TARGET.put(TikTokOrderStatus.COMPLETED, OrderState.COMPLETED);
        TARGET.put(TikTokOrderStatus.CANCELLED, OrderState.CANCELLED);
    }

    private TikTokStatusMapping() {
    }

    /** The state a TikTok status corresponds to. Every TikTok status has one. */
    public static OrderState stateFor(TikTokOrderStatus status) {
        return TARGET.get(status);
    }

    /**
     * The move (if any) that brings an order in line with TikTok's {@code status}. An order that needs attention is
     * judged by the state it came from: TikTok's status never takes it out of a person's hands unless TikTok moved
     * beyond that state (cancelled it, or it shipped outside CreatorFlow).
     */
    public static Optional<OrderState> moveFor(Order order, TikTokOrderStatus status) {
        if (order.state() != OrderState.NEEDS_ATTENTION || order.attentionFrom() == null) {
            return moveFor(order.state(), status);
        }
        OrderState target = stateFor(status);
        if (target == OrderState.CANCELLED) {
            return Optional.of(OrderState.CANCELLED);
        }
        return moveFor(order.attentionFrom(), status).filter(move -> move != order.attentionFrom());
    }

    /**
     * The move (if any) that brings an order in {@code current} in line with TikTok's {@code status}: none when we
     * are already there or further along; CANCELLED whenever TikTok cancelled and we are not final. Off the forward
     * path (a return in progress, an order needing attention) the order status moves nothing: returns follow
     * TikTok's return events, and a person decides the rest.
     */
    public static Optional<OrderState> moveFor(OrderState current, TikTokOrderStatus status) {
        OrderState target = stateFor(status);
        if (target == current) {
            return Optional.empty();
        }
        if (target == OrderState.CANCELLED) {
            return Lifecycle.isTerminal(current) ? Optional.empty() : Optional.of(OrderState.CANCELLED);
        }
        int from = Lifecycle.progress(current);
        if (from < 0) {
            return Optional.empty();
        }
        return Lifecycle.progress(target) <= from ? Optional.empty() : Optional.of(target);
    }
}
