package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.Movement;
import com.creatorflow.shared.inventory.domain.MovementKind;
import com.creatorflow.shared.inventory.domain.ReconcileReport;
import com.creatorflow.shared.inventory.domain.Reservation;
import com.creatorflow.shared.inventory.domain.ReservationStatus;
import com.creatorflow.shared.inventory.domain.Shortage;
import com.creatorflow.shared.inventory.domain.SkuStock;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.inventory.testing.InventoryFixture;
import com.creatorflow.shared.testing.TestStack;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An order too large for one transaction is reserved in several; when a later one fails, the earlier ones are
 * released before anything is reported, so no unit stays reserved for an order that was not fully reserved.
 * Transactions are made small (6 actions: 2 lines each) so that five lines need three.
 */
class SplitReservationIT {
    private static final List<String> SKUS = List.of("A", "B", "C", "D", "E");

    private final InventoryFixture fixture = new InventoryFixture(Clock.systemUTC(), 8);
    private final InventoryRepository inventory = fixture.inventory();
    private final String tenant = TestStack.tenant();

    private Map<String, Integer> oneOfEach() {
        Map<String, Integer> needs = new LinkedHashMap<>();
        SKUS.forEach(sku -> needs.put(sku, 1));
        return needs;
    }

    private void stockEach(long units) {
        SKUS.forEach(sku -> inventory.changeOnHand(tenant, sku, "main", units, MovementKind.ADJUST, "received",
                "test", null));
    }

    @Test
    void aLargeOrderIsReservedInSeveralTransactionsAndReleasedWhole() {
        stockEach(3);
        var result = inventory.reservations().reserve(tenant, "order-big", oneOfEach(), List.of(),
                Clock.systemUTC().instant().plus(Duration.ofHours(1)), null);

        assertThat(inventory.chunkLines()).isEqualTo(2);
        assertThat(result.outcome()).isEqualTo(ReservationStore.ReserveResult.Outcome.RESERVED);
        assertThat(result.reservation().status()).isEqualTo(ReservationStatus.HELD);
        assertThat(result.reservation().lines()).hasSize(5);
        SKUS.forEach(sku -> assertThat(inventory.stock(tenant, sku).available()).isEqualTo(2));

        Reservation released = inventory.reservations().release(result.reservation(), ReservationStatus.RELEASED, "cancelled",
                "test");
        assertThat(released.status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(released.operation()).isNull();
        SKUS.forEach(sku -> {
            assertThat(inventory.stock(tenant, sku).available()).isEqualTo(3);
            assertThat(fixture.movementTotals(tenant, sku).get("main")).containsExactly(3L, 0L);
        });
    }

    @Test
    void aFailureInALaterTransactionReleasesTheEarlierOnes() {
        stockEach(1);
        inventory.beforeChunk(chunk -> {
            if (chunk == 2) {
                inventory.changeOnHand(tenant, "E", "main", -1, MovementKind.ADJUST, "sold elsewhere", "test", null);
            }
        });
        var result = inventory.reservations().reserve(tenant, "order-late-failure", oneOfEach(), List.of(),
                Clock.systemUTC().instant().plus(Duration.ofHours(1)), null);
        inventory.beforeChunk(chunk -> { });

        assertThat(result.outcome()).isEqualTo(ReservationStore.ReserveResult.Outcome.SHORT);
        assertThat(result.shortages()).containsExactly(new Shortage("E", 1, 0));
        assertThat(inventory.reservations().reservation(tenant, "order-late-failure").orElseThrow().status())
                .isEqualTo(ReservationStatus.EXPIRED);
        for (String sku : List.of("A", "B", "C", "D")) {
            SkuStock stock = inventory.stock(tenant, sku);
            assertThat(stock.reserved()).as(sku + " reserved after compensation").isZero();
            assertThat(stock.available()).isEqualTo(1);
            assertThat(fixture.movementTotals(tenant, sku).get("main")).containsExactly(1L, 0L);
        }
        assertThat(fixture.movements(tenant, "A")).extracting(Movement::kind)
                .containsExactly(MovementKind.RELEASE, MovementKind.RESERVE, MovementKind.ADJUST);
    }

    @Test
    void aReservationLeftHalfWrittenByACrashIsRolledBackByReconciliation() {
        stockEach(1);
        inventory.beforeChunk(chunk -> {
            if (chunk == 1) {
                throw new IllegalStateException("the process died here");
            }
        });
        try {
            inventory.reservations().reserve(tenant, "order-crashed", oneOfEach(), List.of(),
                    Clock.systemUTC().instant().minusSeconds(1), null);
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("the process died here");
        }
        inventory.beforeChunk(chunk -> { });
        assertThat(inventory.reservations().reservation(tenant, "order-crashed").orElseThrow().status())
                .isEqualTo(ReservationStatus.PENDING);
        assertThat(inventory.stock(tenant, "A").reserved()).isEqualTo(1);

        ReconcileReport report = fixture.service().reconciler().reconcile(100);

        assertThat(report.rolledBack()).contains(tenant + "/order-crashed");
        SKUS.forEach(sku -> assertThat(inventory.stock(tenant, sku).reserved()).isZero());
        assertThat(inventory.reservations().reservation(tenant, "order-crashed").orElseThrow().status())
                .isEqualTo(ReservationStatus.EXPIRED);
    }
}
