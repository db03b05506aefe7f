package com.creatorflow.shared.lifecycle;

import static com.creatorflow.shared.order.OrderState.BACKORDERED;
import static com.creatorflow.shared.order.OrderState.CANCELLED;
import static com.creatorflow.shared.order.OrderState.COMPLETED;
import static com.creatorflow.shared.order.OrderState.DELIVERED;
import static com.creatorflow.shared.order.OrderState.IN_TRANSIT;
import static com.creatorflow.shared.order.OrderState.LABELED;
import static com.creatorflow.shared.order.OrderState.NEEDS_ATTENTION;
import static com.creatorflow.shared.order.OrderState.PARTIALLY_SHIPPED;
import static com.creatorflow.shared.order.OrderState.READY;
import static com.creatorflow.shared.order.OrderState.RECEIVED;
import static com.creatorflow.shared.order.OrderState.RESERVED;
import static com.creatorflow.shared.order.OrderState.RETURNED;
import static com.creatorflow.shared.order.OrderState.RETURN_REQUESTED;
import static com.creatorflow.shared.order.OrderState.SHIPPED;

import com.creatorflow.shared.error.IllegalTransition;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The order lifecycle: the single table of legal moves. The workflows, the API and the TikTok sync all ask it
 * before they write; nothing else decides whether a move is legal.
 *
 * <p>Leaving NEEDS_ATTENTION is the one contextual rule: a person may send the order back to the state it came from,
 * one legal step on from there, or cancel it. An order a person put on hold ({@link Order#onHold()}) moves to no
 * fulfilment state (RECEIVED to LABELED) until it is released; what TikTok reports (shipped, cancelled) still applies.
 */
public final class Lifecycle {
    private static final Map<OrderState, Map<OrderState, String>> TABLE = new EnumMap<>(OrderState.class);

    static {
        allow(RECEIVED, READY, "paid, hold window over and validated");
        allow(RECEIVED, CANCELLED, "cancelled before it became actionable");
        allow(RECEIVED, NEEDS_ATTENTION, "validation failed");
        allow(RECEIVED, SHIPPED, "shipped outside CreatorFlow (TikTok reports it shipped)");

        allow(READY, RESERVED, "stock reserved for every line");
        allow(READY, BACKORDERED, "waiting for stock");
        allow(READY, NEEDS_ATTENTION, "held for review or a step failed");
        allow(READY, CANCELLED, "cancelled before reservation");
        allow(READY, SHIPPED, "shipped outside CreatorFlow (TikTok reports it shipped)");

        allow(BACKORDERED, RESERVED, "stock arrived and was reserved");
        allow(BACKORDERED, NEEDS_ATTENTION, "waited too long or a step failed");
        allow(BACKORDERED, CANCELLED, "cancelled while waiting for stock");

        allow(RESERVED, LABELED, "carrier chosen and label bought");
        allow(RESERVED, NEEDS_ATTENTION, "a step failed");
        allow(RESERVED, CANCELLED, "cancelled; the reservation is released");
        allow(RESERVED, SHIPPED, "shipped outside CreatorFlow (TikTok reports it shipped)");

        allow(LABELED, SHIPPED, "tracking pushed to TikTok");
        allow(LABELED, PARTIALLY_SHIPPED, "some packages shipped");
        allow(LABELED, NEEDS_ATTENTION, "a step failed");
        allow(LABELED, CANCELLED, "cancelled; the label is voided and the reservation released");

        allow(PARTIALLY_SHIPPED, SHIPPED, "the remaining packages shipped");
        allow(PARTIALLY_SHIPPED, IN_TRANSIT, "a carrier scan was seen");
        allow(PARTIALLY_SHIPPED, NEEDS_ATTENTION, "a step failed");

        allow(SHIPPED, IN_TRANSIT, "a carrier scan was seen");
        allow(SHIPPED, DELIVERED, "the carrier confirmed delivery");
        allow(SHIPPED, RETURN_REQUESTED, "the buyer asked for a return");
        allow(SHIPPED, NEEDS_ATTENTION, "carrier exception (lost, returned to sender, address problem)");
        allow(SHIPPED, COMPLETED, "TikTok completed the order");

        allow(IN_TRANSIT, DELIVERED, "the carrier confirmed delivery");
        allow(IN_TRANSIT, RETURN_REQUESTED, "the buyer asked for a return");
        allow(IN_TRANSIT, NEEDS_ATTENTION, "carrier exception (lost, returned to sender, address problem)");
        allow(IN_TRANSIT, COMPLETED, "TikTok completed the order");

        allow(DELIVERED, COMPLETED, "TikTok completed the order");
        allow(DELIVERED, RETURN_REQUESTED, "the buyer asked for a return");

        allow(COMPLETED, RETURN_REQUESTED, "the buyer asked for a return after completion");

        allow(RETURN_REQUESTED, RETURNED, "the return was received and settled");
        allow(RETURN_REQUESTED, DELIVERED, "the return request was withdrawn or refused");
        allow(RETURN_REQUESTED, COMPLETED, "the return request was withdrawn or refused after completion");

        for (OrderState resume : EnumSet.of(RECEIVED, READY, BACKORDERED, RESERVED, LABELED, PARTIALLY_SHIPPED,
                SHIPPED, IN_TRANSIT, DELIVERED, RETURNED)) {
            allow(NEEDS_ATTENTION, resume, "a person resolved it");
        }
        allow(NEEDS_ATTENTION, CANCELLED, "a person cancelled it");
        for (OrderState state : OrderState.values()) {
            TABLE.putIfAbsent(state, Map.of());
        }
    }

    /** The fulfilment states a held order may not move to: what TikTok reports (shipped, cancelled) still applies. */
    private static final Set<OrderState> HELD_BACK = EnumSet.of(RECEIVED, READY, BACKORDERED, RESERVED, LABELED);

    private Lifecycle() {
    }

    private static void allow(OrderState from, OrderState to, String meaning) {
        TABLE.computeIfAbsent(from, k -> new LinkedHashMap<>()).put(to, meaning);
    }

    /** The states an order in {@code from} may move to, with what each move means. */
    public static Map<OrderState, String> movesFrom(OrderState from) {
        return Collections.unmodifiableMap(TABLE.get(from));
    }

    /** True when the state has no way out. */
    public static boolean isTerminal(OrderState state) {
        return TABLE.get(state).isEmpty();
    }

    /** True when the table allows the move (without the NEEDS_ATTENTION context rule). */
    public static boolean allows(OrderState from, OrderState to) {
        return TABLE.get(from).containsKey(to);
    }

    /** Why a move is refused, or empty when it is legal for this order. */
    public static Optional<String> refusal(Order order, OrderState to) {
        OrderState from = order.state();
        if (from == to) {
            return Optional.of("the order is already " + to);
        }
        if (isTerminal(from)) {
            return Optional.of(from + " is final; no move leaves it");
        }
        if (!allows(from, to)) {
            String legal = TABLE.get(from).keySet().stream().map(Enum::name).collect(Collectors.joining(", "));
            return Optional.of("from " + from + " an order may only move to " + legal);
        }
        if (order.onHold() && HELD_BACK.contains(to)) {
            return Optional.of("the order is on hold; release it first");
        }
        if (from == NEEDS_ATTENTION && to != CANCELLED) {
            OrderState origin = order.attentionFrom();
            if (origin != null && to != origin && !allows(origin, to)) {
                return Optional.of("it needs attention since " + origin + ", so it may only return to " + origin
                        + ", move one legal step on from it, or be cancelled");
            }
        }
        return Optional.empty();
    }

    /** Throws {@link IllegalTransition} unless the move is legal for this order. */
    public static void check(Order order, OrderState to) {
        refusal(order, to).ifPresent(reason -> {
            throw new IllegalTransition(order.state(), to, reason);
        });
    }

    /** Every declared move, for documentation and exhaustive tests. */
    public static Map<OrderState, Set<OrderState>> table() {
        Map<OrderState, Set<OrderState>> copy = new EnumMap<>(OrderState.class);
        TABLE.forEach((from, moves) -> copy.put(from, moves.isEmpty() ? EnumSet.noneOf(OrderState.class)
                : EnumSet.copyOf(moves.keySet())));
        return copy;
    }
}
