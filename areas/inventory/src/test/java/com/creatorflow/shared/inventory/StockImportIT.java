package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.MovementKind;
import com.creatorflow.shared.inventory.domain.ReservationStatus;
import com.creatorflow.shared.inventory.domain.StockCsv;
import com.creatorflow.shared.inventory.domain.StockImportRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.creatorflow.shared.http.Problem;
import com.creatorflow.shared.inventory.testing.InventoryFixture;
import com.creatorflow.shared.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A stock count file is applied all or nothing even when it needs many transactions: a row that becomes invalid
 * while the file is applied (an order reserves units between the check and the write) undoes the rows applied
 * before it. The stock, the movements and the stock list are compared before and after.
 */
class StockImportIT {
    private static final int ROWS = StockCsv.MAX_ROWS;

    private final InventoryFixture fixture = new InventoryFixture();
    private final InventoryRepository inventory = fixture.inventory();
    private final StockImport stockImport = new StockImport(fixture.service());
    private final String tenant = TestStack.tenant();

    @Test
    void aThousandRowFileWhoseLastRowFailsWhileApplyingChangesNothing() {
        inventory.changeOnHand(tenant, "SKU-0000", "main", 7, MovementKind.ADJUST, "received", "test", null);
        inventory.changeOnHand(tenant, "LAST", "main", 10, MovementKind.ADJUST, "received", "test", null);
        StringBuilder csv = new StringBuilder("sku,location,quantity\n");
        for (int i = 0; i < ROWS - 1; i++) {
            csv.append(String.format("SKU-%04d,main,%d%n", i, 5 + i % 3));
        }
        csv.append("LAST,main,4\n");
        List<Object> before = snapshot();
        int lastChunk = (ROWS - 1) / (InventoryRepository.MAX_TRANSACT_ITEMS / 2);
        inventory.beforeChunk(chunk -> {
            if (chunk == lastChunk) {
                assertThat(inventory.reservations().reserve(tenant, "order-meanwhile", Map.of("LAST", 6), List.of(),
                        Clock.systemUTC().instant().plus(Duration.ofHours(1)), null).outcome())
                        .isEqualTo(ReservationStore.ReserveResult.Outcome.RESERVED);
            }
        });
        try {
            StockImportRejected refused = catchThrowableOfType(StockImportRejected.class, () -> stockImport
                    .importCsv(tenant, csv.toString().getBytes(StandardCharsets.UTF_8), false, "test"));

            assertThat(refused.errors()).extracting(Problem.FieldError::field)
                    .containsExactly("line " + (ROWS + 1) + ": quantity");
            assertThat(refused.getMessage()).contains("nothing was applied");
        } finally {
            inventory.beforeChunk(chunk -> { });
        }
        inventory.reservations().reservation(tenant, "order-meanwhile").ifPresent(r -> inventory.reservations().release(r,
                ReservationStatus.RELEASED, "test over", "test"));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aPartialImportAppliesTheOtherRowsWhenOneFailsWhileApplying() {
        inventory.changeOnHand(tenant, "B", "main", 3, MovementKind.ADJUST, "received", "test", null);
        AtomicBoolean reserved = new AtomicBoolean();
        inventory.beforeChunk(chunk -> {
            if (reserved.compareAndSet(false, true)) {
                inventory.reservations().reserve(tenant, "order-b", Map.of("B", 3), List.of(),
                        Clock.systemUTC().instant().plus(Duration.ofHours(1)), null);
            }
        });
        StockImport.Report report;
        try {
            report = stockImport.importCsv(tenant, "sku,location,quantity\nA,main,4\nB,main,1\n"
                    .getBytes(StandardCharsets.UTF_8), true, "test");
        } finally {
            inventory.beforeChunk(chunk -> { });
        }
        assertThat(report.applied()).isEqualTo(1);
        assertThat(report.errors()).extracting(Problem.FieldError::field).containsExactly("line 3: quantity");
        assertThat(inventory.stock(tenant, "A").onHand()).isEqualTo(4);
        assertThat(inventory.stock(tenant, "B").onHand()).isEqualTo(3);
    }

    /** Every stock level of the tenant with its SKU's count and adjustment movements (not reservations). */
    private List<Object> snapshot() {
        List<Object> all = new ArrayList<>();
        String cursor = null;
        do {
            var page = inventory.listStock(tenant, 100, cursor);
            page.items().forEach(level -> {
                all.add(List.of(level.sku(), level.location(), level.onHand(), level.reserved(), level.available()));
                all.add(fixture.movements(tenant, level.sku()).stream()
                        .filter(m -> m.kind() == MovementKind.COUNT || m.kind() == MovementKind.ADJUST).toList());
            });
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }
}
