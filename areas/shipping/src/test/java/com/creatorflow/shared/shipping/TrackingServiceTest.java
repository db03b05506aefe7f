package com.creatorflow.shared.shipping;

import com.creatorflow.shared.shipping.domain.TrackingState;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.TrackingEvent;
import com.creatorflow.shared.shipping.domain.TrackingStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forward-only rules of tracking, without storage. */
class TrackingServiceTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    private static TrackingState state(TrackingStatus status, Instant last) {
        return new TrackingState(Carrier.UPS, "1Z5R89390357567127", "t", "o", "p1", status, last, null, 0);
    }

    private static TrackingEvent event(TrackingStatus status, Instant at) {
        return new TrackingEvent(Carrier.UPS, "1Z5R89390357567127", "e-" + status + at, status, "X", at, null, null);
    }

    @Test
    void aParcelOnlyMovesForwardAndDeliveredIsFinal() {
        assertThat(TrackingService.advances(state(TrackingStatus.LABEL_CREATED, null),
                event(TrackingStatus.IN_TRANSIT, T0))).isTrue();
        assertThat(TrackingService.advances(state(TrackingStatus.IN_TRANSIT, T0),
                event(TrackingStatus.ACCEPTED, T0.minusSeconds(60)))).isFalse();
        assertThat(TrackingService.advances(state(TrackingStatus.DELIVERED, T0),
                event(TrackingStatus.LOST, T0.plusSeconds(60)))).isFalse();
        assertThat(TrackingService.advances(state(TrackingStatus.IN_TRANSIT, T0),
                event(TrackingStatus.ADDRESS_PROBLEM, T0.plusSeconds(60)))).isTrue();
        assertThat(TrackingService.advances(state(TrackingStatus.IN_TRANSIT, T0),
                event(TrackingStatus.ADDRESS_PROBLEM, T0.minusSeconds(60)))).isFalse();
        assertThat(TrackingService.advances(state(TrackingStatus.ADDRESS_PROBLEM, T0),
                event(TrackingStatus.OUT_FOR_DELIVERY, T0.plusSeconds(60)))).isTrue();
    }

    private static ShipmentPackage pkg(String id, String status) {
        return new ShipmentPackage(id, List.of(), status, "ups", "GROUND", "1Z" + id, "l" + id, null);
    }

    @Test
    void theOrderFollowsItsParcels() {
        assertThat(TrackingService.target(List.of(pkg("1", "LABELED")))).isNull();
        assertThat(TrackingService.target(List.of(pkg("1", "IN_TRANSIT"), pkg("2", "LABELED"))))
                .isEqualTo(OrderState.IN_TRANSIT);
        assertThat(TrackingService.target(List.of(pkg("1", "DELIVERED"), pkg("2", "IN_TRANSIT"))))
                .isEqualTo(OrderState.IN_TRANSIT);
        assertThat(TrackingService.target(List.of(pkg("1", "DELIVERED"), pkg("2", "DELIVERED"), pkg("3", "VOIDED"))))
                .isEqualTo(OrderState.DELIVERED);
        assertThat(TrackingService.target(List.of(pkg("1", "DELIVERED"), pkg("2", "EXCEPTION"))))
                .isEqualTo(OrderState.NEEDS_ATTENTION);
    }
}
