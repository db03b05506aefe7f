package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.MovementKind;
import com.creatorflow.shared.inventory.domain.ReconcileReport;
import com.creatorflow.shared.inventory.domain.SkuStock;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.inventory.testing.InventoryFixture;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.testing.MutableClock;
import com.creatorflow.shared.testing.TestStack;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Crashes between the reservation and the label: after recovery (the scheduled reconciliation with the clock past
 * the reservations' expiry) no reservation is leaked, whatever state the crash left the order in.
 */
class ReconciliationIT {
    /**
     * Starts a month back, so that moving it past this test's expiries leaves the reservations of other tests in
     * the shared table (made on the system clock) not yet due.
     */
    private final MutableClock clock = new MutableClock(Instant.now().minus(Duration.ofDays(30)));
    private final InventoryFixture fixture = new InventoryFixture(clock, InventoryRepository.MAX_TRANSACT_ITEMS);
    private final InventoryService service = fixture.service();
    private final InventoryRepository inventory = fixture.inventory();
    private final String tenant = TestStack.tenant();

    private Order reservedOrder() {
        Order order = fixture.readyOrder(tenant, "TEE");
        assertThat(service.reservations().reserveOrder(tenant, order.orderId(), null).status()).isEqualTo("RESERVED");
        return order;
    }

    /** The references of this test's tenant (the table is shared with other tests). */
    private List<String> mine(List<String> refs) {
        return refs.stream().filter(ref -> ref.startsWith(tenant + "/")).toList();
    }

    private OrderState stateOf(Order order) {
        return fixture.orders().get(tenant, order.orderId()).state();
    }

    @Test
    void aCrashBetweenReserveAndLabelLeaksNoReservation() {
        inventory.changeOnHand(tenant, "TEE", "east", 5, MovementKind.ADJUST, "received", "test", null);
        Order stuck = reservedOrder();
        Order labelled = reservedOrder();
        fixture.orders().transition(fixture.orders().get(tenant, labelled.orderId()), OrderState.LABELED,
                "workflow:test", "label bought");
        Order cancelled = reservedOrder();
        fixture.orders().transition(fixture.orders().get(tenant, cancelled.orderId()), OrderState.CANCELLED,
                "creator", "cancelled; the release step never ran");
        Order shipped = reservedOrder();
        fixture.orders().transition(fixture.orders().get(tenant, shipped.orderId()), OrderState.SHIPPED,
                "tiktok", "shipped from Seller Center");
        assertThat(inventory.stock(tenant, "TEE").reserved()).isEqualTo(4);

        assertThat(mine(service.reconciler().reconcile(100).expired())).as("nothing is due before the expiry").isEmpty();
        clock.advance(Duration.ofHours(7));
        ReconcileReport report = service.reconciler().reconcile(100);

        assertThat(mine(report.expired())).containsExactly(tenant + "/" + stuck.orderId());
        assertThat(mine(report.released())).containsExactly(tenant + "/" + cancelled.orderId());
        assertThat(mine(report.committed())).containsExactly(tenant + "/" + shipped.orderId());
        assertThat(mine(report.extended())).containsExactly(tenant + "/" + labelled.orderId());
        assertThat(stateOf(stuck)).isEqualTo(OrderState.NEEDS_ATTENTION);
        SkuStock stock = inventory.stock(tenant, "TEE");
        assertThat(stock.reserved()).as("only the labelled order still holds stock").isEqualTo(1);
        assertThat(stock.onHand()).isEqualTo(4);
        assertThat(stock.available()).isEqualTo(3);
        assertThat(fixture.movementTotals(tenant, "TEE").get("east")).containsExactly(4L, 1L);

        ReconcileReport again = service.reconciler().reconcile(100);
        assertThat(mine(again.expired())).isEmpty();
        assertThat(mine(again.released())).isEmpty();
        assertThat(mine(again.committed())).isEmpty();
    }

    @Test
    void aReservationWrittenWhoseOrderNeverMovedIsFreedAndTheStepReservesAgain() {
        inventory.changeOnHand(tenant, "TEE", "east", 1, MovementKind.ADJUST, "received", "test", null);
        Order order = fixture.readyOrder(tenant, "TEE");
        inventory.reservations().reserve(tenant, order.orderId(), service.reservations().needsOf(order), List.of(),
                clock.instant().plus(Duration.ofHours(6)), null);
        assertThat(stateOf(order)).as("the step died before moving the order").isEqualTo(OrderState.READY);

        clock.advance(Duration.ofHours(7));
        assertThat(mine(service.reconciler().reconcile(100).expired())).containsExactly(tenant + "/" + order.orderId());
        assertThat(inventory.stock(tenant, "TEE").reserved()).isZero();

        assertThat(service.reservations().reserveOrder(tenant, order.orderId(), null).status()).isEqualTo("RESERVED");
        assertThat(stateOf(order)).isEqualTo(OrderState.RESERVED);
        assertThat(inventory.stock(tenant, "TEE").reserved()).isEqualTo(1);
    }
}
