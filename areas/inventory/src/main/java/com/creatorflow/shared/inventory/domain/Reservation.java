package com.creatorflow.shared.inventory.domain;

import java.time.Instant;
import java.util.List;

/**
 * The units reserved for one order, one item per order so that reserve, release and commit are idempotent.
 *
 * @param tenantId the tenant
 * @param orderId the order
 * @param status where the reservation is
 * @param lines the units per SKU and location
 * @param chunkLines how many lines go in one transaction when the reservation is written in several
 * @param applied transactions applied so far while {@link ReservationStatus#PENDING}
 * @param operation a multi-transaction operation in progress (RELEASE, COMMIT, RESTOCK, ROLLBACK), or null
 * @param progress transactions of that operation applied so far
 * @param createdAt when it was first written
 * @param updatedAt when it last changed
 * @param expiresAt when a held reservation is due for reconciliation
 * @param taskToken the waiting workflow's task token carried over from a back-order, if any
 * @param reason why it reached its status (releases)
 */
public record Reservation(String tenantId, String orderId, ReservationStatus status, List<Allocation> lines,
                          int chunkLines, int applied, String operation, int progress, Instant createdAt,
                          Instant updatedAt, Instant expiresAt, String taskToken, String reason) {
    public Reservation {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /** Total units over all lines. */
    public int units() {
        return lines.stream().mapToInt(Allocation::quantity).sum();
    }

    /** The distinct SKUs of its lines. */
    public List<String> skus() {
        return lines.stream().map(Allocation::sku).distinct().toList();
    }

    /** True when it holds or held stock for the order (held, committed or restocked). */
    public boolean reserved() {
        return status == ReservationStatus.HELD || status == ReservationStatus.COMMITTED
                || status == ReservationStatus.RESTOCKED;
    }
}
