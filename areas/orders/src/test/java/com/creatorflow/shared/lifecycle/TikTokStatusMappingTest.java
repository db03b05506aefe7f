package com.creatorflow.shared.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.TikTokOrderStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TikTokStatusMappingTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "UNPAID, RECEIVED",
        "ON_HOLD, RECEIVED",
        "AWAITING_SHIPMENT, READY",
        "PARTIALLY_SHIPPING, PARTIALLY_SHIPPED",
        "AWAITING_COLLECTION, SHIPPED",
        "IN_TRANSIT, IN_TRANSIT",
        "DELIVERED, DELIVERED",
        "COMPLETED, COMPLETED",
        "CANCELLED, CANCELLED"
    })
    void everyTikTokStatusHasAState(TikTokOrderStatus status, OrderState expected) {
        assertThat(TikTokStatusMapping.stateFor(status)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(TikTokOrderStatus.class)
    void anOrderFirstSeenInAnyTikTokStatusMayBeCreatedInItsState(TikTokOrderStatus status) {
        assertThat(Lifecycle.isEntry(TikTokStatusMapping.stateFor(status))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(TikTokOrderStatus.class)
    void noStatusIsLeftUnmapped(TikTokOrderStatus status) {
        assertThat(TikTokStatusMapping.stateFor(status)).isNotNull();
    }

    @Test
    void theWebhookSpellingCancelParses() {
        assertThat(TikTokOrderStatus.parse("CANCEL")).isEqualTo(TikTokOrderStatus.CANCELLED);
        assertThatThrownBy(() -> TikTokOrderStatus.parse("SHIPPED_TO_MARS"))
                .hasMessageContaining("SHIPPED_TO_MARS");
    }

    @Test
    void tiktokIsAFloorNotACeiling() {
        assertThat(TikTokStatusMapping.moveFor(OrderState.RECEIVED, TikTokOrderStatus.AWAITING_SHIPMENT))
                .contains(OrderState.READY);
        assertThat(TikTokStatusMapping.moveFor(OrderState.LABELED, TikTokOrderStatus.AWAITING_SHIPMENT)).isEmpty();
        assertThat(TikTokStatusMapping.moveFor(OrderState.READY, TikTokOrderStatus.ON_HOLD)).isEmpty();
        assertThat(TikTokStatusMapping.moveFor(OrderState.SHIPPED, TikTokOrderStatus.DELIVERED))
                .contains(OrderState.DELIVERED);
    }

    @Test
    void anOrderNeedingAttentionIsJudgedByWhereItCameFrom() {
        com.creatorflow.shared.order.Order waiting = com.creatorflow.shared.order.Order.builder().tenantId("t")
                .orderId("o").state(OrderState.NEEDS_ATTENTION).attentionFrom(OrderState.READY).build();
        assertThat(TikTokStatusMapping.moveFor(waiting, TikTokOrderStatus.AWAITING_SHIPMENT)).isEmpty();
        assertThat(TikTokStatusMapping.moveFor(waiting, TikTokOrderStatus.CANCELLED)).contains(OrderState.CANCELLED);
        assertThat(TikTokStatusMapping.moveFor(waiting, TikTokOrderStatus.IN_TRANSIT)).contains(OrderState.IN_TRANSIT);
    }

    @Test
    void aReturnInProgressIsNotUndoneByTheOrderStatus() {
        assertThat(TikTokStatusMapping.moveFor(OrderState.RETURN_REQUESTED, TikTokOrderStatus.DELIVERED)).isEmpty();
        assertThat(TikTokStatusMapping.moveFor(OrderState.RETURN_REQUESTED, TikTokOrderStatus.COMPLETED)).isEmpty();
    }

    @Test
    void cancellationAppliesUnlessTheOrderIsFinal() {
        assertThat(TikTokStatusMapping.moveFor(OrderState.RESERVED, TikTokOrderStatus.CANCELLED))
                .contains(OrderState.CANCELLED);
        assertThat(TikTokStatusMapping.moveFor(OrderState.CANCELLED, TikTokOrderStatus.CANCELLED)).isEmpty();
        assertThat(TikTokStatusMapping.moveFor(OrderState.RETURNED, TikTokOrderStatus.CANCELLED))
                .isEqualTo(Optional.empty());
    }
}
