package com.creatorflow.shared.lifecycle;

import static com.creatorflow.shared.order.OrderState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.error.IllegalTransition;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    private static Order order(OrderState state, OrderState attentionFrom) {
        return Order.builder().tenantId("t").orderId("o").state(state).attentionFrom(attentionFrom).build();
    }
}
