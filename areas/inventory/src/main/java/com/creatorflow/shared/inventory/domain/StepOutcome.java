package com.creatorflow.shared.inventory.domain;

import java.util.List;

/**
 * What an inventory workflow step did for an order, as the step's result.
 *
 * @param orderId the order
 * @param status RESERVED, BACKORDERED, RELEASED, COMMITTED, RESTOCKED, NOT_RESTOCKED, WAITING, CANCELLED or
 *     NOT_RESERVED
 * @param lines the reservation's units per SKU and location
 * @param shortages the SKUs that were short, when the order waits
 */
public record StepOutcome(String orderId, String status, List<Allocation> lines, List<Shortage> shortages) {
    public StepOutcome {
        lines = lines == null ? List.of() : List.copyOf(lines);
        shortages = shortages == null ? List.of() : List.copyOf(shortages);
    }

    public static StepOutcome of(String orderId, String status, Reservation reservation) {
        return new StepOutcome(orderId, status, reservation == null ? List.of() : reservation.lines(), List.of());
    }
}
