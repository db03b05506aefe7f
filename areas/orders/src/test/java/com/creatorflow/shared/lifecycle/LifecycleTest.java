package com.creatorflow.shared.lifecycle;

import static com.creatorflow.shared.order.OrderState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LifecycleTest {
    /** The expected table, written out independently of the implementation. */
    private static final Map<OrderState, Set<OrderState>> EXPECTED = Map.ofEntries(
            Map.entry(RECEIVED, EnumSet.of(READY, CANCELLED, NEEDS_ATTENTION, SHIPPED)),
            Map.entry(READY, EnumSet.of(RESERVED, BACKORDERED, NEEDS_ATTENTION, CANCELLED, SHIPPED)),
            Map.entry(BACKORDERED, EnumSet.of(RESERVED, NEEDS_ATTENTION, CANCELLED)),
            Map.entry(RESERVED, EnumSet.of(LABELED, NEEDS_ATTENTION, CANCELLED, SHIPPED)),
            Map.entry(LABELED, EnumSet.of(SHIPPED, PARTIALLY_SHIPPED, NEEDS_ATTENTION, CANCELLED)),
            Map.entry(PARTIALLY_SHIPPED, EnumSet.of(SHIPPED, IN_TRANSIT, NEEDS_ATTENTION)),
            Map.entry(SHIPPED, EnumSet.of(IN_TRANSIT, DELIVERED, RETURN_REQUESTED, NEEDS_ATTENTION, COMPLETED)),
            Map.entry(IN_TRANSIT, EnumSet.of(DELIVERED, RETURN_REQUESTED, NEEDS_ATTENTION, COMPLETED)),
            Map.entry(DELIVERED, EnumSet.of(COMPLETED, RETURN_REQUESTED)),
            Map.entry(COMPLETED, EnumSet.of(RETURN_REQUESTED)),
            Map.entry(NEEDS_ATTENTION, EnumSet.of(RECEIVED, READY, BACKORDERED, RESERVED, LABELED, PARTIALLY_SHIPPED, SHIPPED,
                    IN_TRANSIT, DELIVERED, RETURNED, CANCELLED)),
            Map.entry(CANCELLED, EnumSet.noneOf(OrderState.class)),
            Map.entry(RETURN_REQUESTED, EnumSet.of(RETURNED, DELIVERED, COMPLETED)),
            Map.entry(RETURNED, EnumSet.noneOf(OrderState.class)));

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (OrderState from : OrderState.values()) {
            for (OrderState to : OrderState.values()) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    @Test
    void theTableIsExactlyTheDocumentedOne() {
        assertThat(Lifecycle.table()).isEqualTo(EXPECTED);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void everyMoveIsAllowedOrRefusedWithANamedReason(OrderState from, OrderState to) {
        Order order = order(from, null);
        boolean legal = EXPECTED.get(from).contains(to);
        if (legal) {
            Lifecycle.check(order, to);
        } else {
            assertThatThrownBy(() -> Lifecycle.check(order, to))
                    .isInstanceOf(IllegalTransition.class)
                    .hasMessageContaining(from.name())
                    .hasMessageContaining(to.name())
                    .satisfies(e -> {
                        IllegalTransition refused = (IllegalTransition) e;
                        assertThat(refused.from()).isEqualTo(from);
                        assertThat(refused.to()).isEqualTo(to);
                        assertThat(refused.getMessage()).contains(": ");
                        assertThat(refused.errorName()).isEqualTo("IllegalTransition");
                    });
        }
    }

    @Test
    void finalStatesSayTheyAreFinal() {
        assertThatThrownBy(() -> Lifecycle.check(order(CANCELLED, null), READY))
                .hasMessageContaining("CANCELLED is final");
        assertThat(Lifecycle.isTerminal(RETURNED)).isTrue();
        assertThat(Lifecycle.isTerminal(SHIPPED)).isFalse();
    }

    @Test
    void needsAttentionResumesOnlyWhereItCameFromOrOneStepOn() {
        Order stuckAtReserve = order(NEEDS_ATTENTION, READY);
        Lifecycle.check(stuckAtReserve, READY);
        Lifecycle.check(stuckAtReserve, RESERVED);
        Lifecycle.check(stuckAtReserve, CANCELLED);
        assertThatThrownBy(() -> Lifecycle.check(stuckAtReserve, DELIVERED))
                .isInstanceOf(IllegalTransition.class)
                .hasMessageContaining("since READY");
    }

    @Test
    void everyStateIsDeclaredInExactlyOnePhase() {
        Map<OrderState, Integer> declared = new EnumMap<>(OrderState.class);
        for (Lifecycle.Phase phase : Lifecycle.Phase.values()) {
            phase.states().forEach(state -> declared.merge(state, 1, Integer::sum));
        }
        for (OrderState state : OrderState.values()) {
            assertThat(declared.get(state)).as(state + " must sit in exactly one Lifecycle.Phase").isEqualTo(1);
            assertThat(Lifecycle.phaseOf(state).states()).contains(state);
        }
    }

    @Test
    void theForwardPathRunsFromReceivedToCompletedInOrder() {
        assertThat(Lifecycle.forwardPath()).containsExactly(RECEIVED, READY, BACKORDERED, RESERVED, LABELED,
                PARTIALLY_SHIPPED, SHIPPED, IN_TRANSIT, DELIVERED, COMPLETED);
        assertThat(Lifecycle.progress(RETURN_REQUESTED)).isNegative();
        assertThat(Lifecycle.progress(NEEDS_ATTENTION)).isNegative();
        assertThat(Lifecycle.progress(LABELED)).isGreaterThan(Lifecycle.progress(RESERVED));
    }

    @Test
    void everyForwardMoveGoesForwardAlongThePath() {
        Lifecycle.table().forEach((from, moves) -> moves.forEach(to -> {
            if (Lifecycle.progress(from) >= 0 && Lifecycle.progress(to) >= 0) {
                assertThat(Lifecycle.progress(to)).as(from + " -> " + to).isGreaterThan(Lifecycle.progress(from));
            }
        }));
    }

    @Test
    void positionQuestionsAnswerFromThePhases() {
        assertThat(matching(Lifecycle::isBeforeLabel)).containsExactlyInAnyOrder(RECEIVED, READY, BACKORDERED,
                RESERVED);
        assertThat(matching(Lifecycle::isBeforeShipping)).containsExactlyInAnyOrder(RECEIVED, READY, BACKORDERED,
                RESERVED, LABELED);
        assertThat(matching(Lifecycle::isPastReservation)).containsExactlyInAnyOrder(LABELED, PARTIALLY_SHIPPED,
                SHIPPED, IN_TRANSIT, DELIVERED, COMPLETED, RETURN_REQUESTED, RETURNED);
        assertThat(matching(Lifecycle::isShippedOrLater)).containsExactlyInAnyOrder(SHIPPED, IN_TRANSIT, DELIVERED,
                COMPLETED, RETURN_REQUESTED, RETURNED);
        assertThat(matching(Lifecycle::isStockOut)).containsExactlyInAnyOrder(SHIPPED, IN_TRANSIT, DELIVERED,
                COMPLETED, RETURN_REQUESTED);
        assertThat(matching(Lifecycle::isPastValidation)).containsExactlyInAnyOrder(BACKORDERED, RESERVED, LABELED,
                PARTIALLY_SHIPPED, SHIPPED, IN_TRANSIT, DELIVERED, COMPLETED, CANCELLED, RETURN_REQUESTED, RETURNED);
        assertThat(matching(Lifecycle::isCounted)).containsExactlyInAnyOrder(RECEIVED, READY, NEEDS_ATTENTION,
                SHIPPED, DELIVERED, CANCELLED, RETURNED);
    }

    @Test
    void aHeldOrderMovesToNoStateBeforeShipping() {
        Order held = Order.builder().tenantId("t").orderId("o").state(RECEIVED).onHold(true).build();
        assertThatThrownBy(() -> Lifecycle.check(held, READY)).hasMessageContaining("on hold");
        Lifecycle.check(held, CANCELLED);
        Lifecycle.check(held, SHIPPED);
    }

    @Test
    void legalPathIsTheShortestChainOfLegalMovesWithoutAttention() {
        assertThat(Lifecycle.legalPath(order(RESERVED, null), SHIPPED)).containsExactly(SHIPPED);
        assertThat(Lifecycle.legalPath(order(LABELED, null), DELIVERED)).containsExactly(SHIPPED, DELIVERED);
        assertThat(Lifecycle.legalPath(order(BACKORDERED, null), SHIPPED)).containsExactly(RESERVED, SHIPPED);
        assertThat(Lifecycle.legalPath(order(CANCELLED, null), SHIPPED)).isEmpty();
        assertThat(Lifecycle.legalPath(order(DELIVERED, null), IN_TRANSIT)).isEmpty();
    }

    private static Set<OrderState> matching(Predicate<OrderState> question) {
        Set<OrderState> states = EnumSet.noneOf(OrderState.class);
        for (OrderState state : OrderState.values()) {
            if (question.test(state)) {
                states.add(state);
            }
        }
        return states;
    }

    private static Order order(OrderState state, OrderState attentionFrom) {
        return Order.builder().tenantId("t").orderId("o").state(state).attentionFrom(attentionFrom).build();
    }
}
