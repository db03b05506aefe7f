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

import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
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
 *
 * <p>It is also the one place for position questions ("before shipping?", "past reservation?"): every state is
 * declared once in a {@link Phase}, the phases in the order an order goes through them, and the questions below are
 * answered from that declaration. A state left out of it fails class initialisation (and {@code LifecycleTest}).
 */
public final class Lifecycle {
    private static final Map<OrderState, Map<OrderState, String>> TABLE = new EnumMap<>(OrderState.class);

    /**
     * The stretches of an order's life, forward phases in order (INTAKE to SHIPPED, then the return phases), and
     * the two off the path (ATTENTION, CANCELLED). Each state belongs to exactly one.
     */
    public enum Phase {
        /** Known and being validated; no stock held yet. */
        INTAKE(true, RECEIVED, READY),
        /** Waiting for stock or holding it; no label yet. */
        ALLOCATION(true, BACKORDERED, RESERVED),
        /** A label exists; nothing has left the warehouse. */
        LABELLING(true, LABELED),
        /** Some packages left, others not yet. */
        SHIPPING(true, PARTIALLY_SHIPPED),
        /** Everything left the warehouse. */
        SHIPPED(true, OrderState.SHIPPED, IN_TRANSIT, DELIVERED, COMPLETED),
        /** The buyer asked to send it back; the units are still out. */
        RETURNING(false, RETURN_REQUESTED),
        /** The units came back and the return is settled. */
        RETURN_SETTLED(false, RETURNED),
        /** A person must decide; the order is judged by the state it came from. */
        ATTENTION(false, NEEDS_ATTENTION),
        /** Cancelled before shipping. */
        CANCELLATION(false, CANCELLED);

        private final boolean forward;
        private final List<OrderState> states;

        Phase(boolean forward, OrderState... states) {
            this.forward = forward;
            this.states = List.of(states);
        }

        /** The states of this phase, in forward order. */
        public List<OrderState> states() {
            return states;
        }

        /** True for the phases of the forward path (INTAKE to SHIPPED). */
        public boolean forward() {
            return forward;
        }
    }

    private static final Map<OrderState, Phase> PHASE = new EnumMap<>(OrderState.class);
    /** The forward path, in order: a state's position says how far along it is. */
    private static final List<OrderState> FORWARD = new ArrayList<>();
    /** The states an order may be first stored in: where TikTok's order statuses map to. */
    private static final Set<OrderState> ENTRY = EnumSet.of(RECEIVED, READY, PARTIALLY_SHIPPED, SHIPPED, IN_TRANSIT,
            DELIVERED, COMPLETED, CANCELLED);
    /**
     * The states whose arrival the first version's analytics counters count (the template's AnalyticsOrderEventsRule
     * delivers every move; the reports recompute an order from its trail).
     */
    private static final Set<OrderState> COUNTED = EnumSet.of(RECEIVED, READY, NEEDS_ATTENTION, SHIPPED, DELIVERED,
            CANCELLED, RETURNED);

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
        for (Phase phase : Phase.values()) {
            for (OrderState state : phase.states()) {
                if (PHASE.put(state, phase) != null) {
                    throw new IllegalStateException(state + " is declared in two phases");
                }
                if (phase.forward()) {
                    FORWARD.add(state);
                }
            }
        }
        for (OrderState state : OrderState.values()) {
            if (!PHASE.containsKey(state)) {
                throw new IllegalStateException(state + " belongs to no Lifecycle.Phase; declare where it sits");
            }
        }
    }

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
        if (order.onHold() && isBeforeShipping(to)) {
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

    /** The phase a state belongs to. */
    public static Phase phaseOf(OrderState state) {
        return PHASE.get(state);
    }

    /** Every state in declaration order (the order the dashboard lists them in). */
    public static List<OrderState> states() {
        return List.of(OrderState.values());
    }

    /** The forward path RECEIVED to COMPLETED, in order. */
    public static List<OrderState> forwardPath() {
        return Collections.unmodifiableList(FORWARD);
    }

    /** How far along the forward path a state is (0 = RECEIVED), or -1 off it (returns, attention, cancelled). */
    public static int progress(OrderState state) {
        return FORWARD.indexOf(state);
    }

    /** True for the states an order may be created in. */
    public static boolean isEntry(OrderState state) {
        return ENTRY.contains(state);
    }

    /** The states an order may be created in. */
    public static Set<OrderState> entryStates() {
        return Collections.unmodifiableSet(ENTRY);
    }

    /** True before any label exists (INTAKE or ALLOCATION): the shipping address may still change. */
    public static boolean isBeforeLabel(OrderState state) {
        Phase phase = PHASE.get(state);
        return phase == Phase.INTAKE || phase == Phase.ALLOCATION;
    }

    /** True while nothing has left the warehouse: INTAKE, ALLOCATION or LABELLING. */
    public static boolean isBeforeShipping(OrderState state) {
        return isBeforeLabel(state) || PHASE.get(state) == Phase.LABELLING;
    }

    /** True once the order is past the reservation step: labelled, (partly) shipped or in a return. */
    public static boolean isPastReservation(OrderState state) {
        return switch (PHASE.get(state)) {
            case LABELLING, SHIPPING, SHIPPED, RETURNING, RETURN_SETTLED -> true;
            case INTAKE, ALLOCATION, ATTENTION, CANCELLATION -> false;
        };
    }

    /** True once every package has shipped, including the returns after it. */
    public static boolean isShippedOrLater(OrderState state) {
        Phase phase = PHASE.get(state);
        return phase == Phase.SHIPPED || phase == Phase.RETURNING || phase == Phase.RETURN_SETTLED;
    }

    /** True when the units shipped and have not come back: the reservation is consumed (committed). */
    public static boolean isStockOut(OrderState state) {
        Phase phase = PHASE.get(state);
        return phase == Phase.SHIPPED || phase == Phase.RETURNING;
    }

    /** True once validation is behind the order: it is neither in INTAKE nor waiting for a person. */
    public static boolean isPastValidation(OrderState state) {
        Phase phase = PHASE.get(state);
        return phase != Phase.INTAKE && phase != Phase.ATTENTION;
    }

    /** True when analytics counts an order's arrival in the state. */
    public static boolean isCounted(OrderState state) {
        return COUNTED.contains(state);
    }

    /** The states analytics counts, in declaration order. */
    public static Set<OrderState> countedStates() {
        return Collections.unmodifiableSet(COUNTED);
    }

    /**
     * The shortest chain of legal moves from the order's state to {@code target} (no detours through
     * NEEDS_ATTENTION): just the target when the move is legal for this order, empty when no chain reaches it.
     */
    public static List<OrderState> legalPath(Order order, OrderState target) {
        if (refusal(order, target).isEmpty()) {
            return List.of(target);
        }
        Map<OrderState, OrderState> previous = new EnumMap<>(OrderState.class);
        ArrayDeque<OrderState> queue = new ArrayDeque<>(List.of(order.state()));
        previous.put(order.state(), order.state());
        while (!queue.isEmpty()) {
            OrderState state = queue.poll();
            for (OrderState next : TABLE.get(state).keySet()) {
                if (next == NEEDS_ATTENTION || previous.containsKey(next)) {
                    continue;
                }
                previous.put(next, state);
                if (next == target) {
                    List<OrderState> path = new ArrayList<>();
                    for (OrderState at = target; at != order.state(); at = previous.get(at)) {
                        path.add(0, at);
                    }
                    return path;
                }
                queue.add(next);
            }
        }
        return List.of();
    }

    /** Every declared move, for documentation and exhaustive tests. */
    public static Map<OrderState, Set<OrderState>> table() {
        Map<OrderState, Set<OrderState>> copy = new EnumMap<>(OrderState.class);
        TABLE.forEach((from, moves) -> copy.put(from, moves.isEmpty() ? EnumSet.noneOf(OrderState.class)
                : EnumSet.copyOf(moves.keySet())));
        return copy;
    }
}
