package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.ReconcileReport;
import com.creatorflow.shared.inventory.domain.Reservation;
import com.creatorflow.shared.inventory.domain.ReservationStatus;
import com.creatorflow.shared.lifecycle.Lifecycle;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.store.OrderRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Settles reservations that outlived their order's progress, each by the state its order is in now. */
public final class ReservationReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(ReservationReconciler.class);
    private static final String ACTOR = InventoryService.ACTOR;

    private final InventoryRepository inventory;
    private final ReservationStore reservations;
    private final OrderRepository orders;
    private final OrderMoves moves;
    private final BackorderResumption backorders;
    private final Clock clock;

    ReservationReconciler(InventoryRepository inventory, OrderRepository orders, OrderMoves moves,
                          BackorderResumption backorders, Clock clock) {
        this.inventory = inventory;
        this.reservations = inventory.reservations();
        this.orders = orders;
        this.moves = moves;
        this.backorders = backorders;
        this.clock = clock;
    }


    /**
     * Finds reservations past their expiry and settles each by its order's state: released when the order is
     * cancelled or gone, expired (and the order sent to review) when it stopped between reservation and label,
     * committed when it shipped, promoted when a back-order was reserved but not moved on, extended when it is
     * still progressing, rolled back when it was left half-written. Idempotent; safe to run at any time.
     *
     * @param limit the most reservations to look at per index shard
     */
    public ReconcileReport reconcile(int limit) {
        Instant now = clock.instant();
        ReconcileReport report = ReconcileReport.empty();
        List<Reservation> due = reservations.expired(now, limit);
        for (Reservation reservation : due) {
            try {
                settle(reservation, report);
            } catch (RuntimeException e) {
                LOG.warn("reconciling order {} failed; the next run retries: {}", reservation.orderId(),
                        e.toString());
            }
        }
        return report.withChecked(due.size());
    }

    private void settle(Reservation reservation, ReconcileReport report) {
        String tenant = reservation.tenantId();
        String orderId = reservation.orderId();
        String ref = tenant + "/" + orderId;
        if (reservation.status() == ReservationStatus.PENDING) {
            reservations.release(reservation, ReservationStatus.EXPIRED, "rolled back: never completed", ACTOR);
            report.rolledBack().add(ref);
            return;
        }
        Optional<Order> order = orders.find(tenant, orderId);
        OrderState state = order.map(Order::state).orElse(OrderState.CANCELLED);
        switch (state) {
            case READY -> {
                reservations.release(reservation, ReservationStatus.EXPIRED, "expired: the order did not move on",
                        ACTOR);
                backorders.afterStockFreed(tenant, reservation.skus());
                report.expired().add(ref);
            }
            case RESERVED -> {
                Order now = moves.moveOrder(tenant, orderId, EnumSet.of(OrderState.RESERVED),
                        OrderState.NEEDS_ATTENTION,
                        "the reservation expired before a label was bought; its stock was released");
                if (now.state() != OrderState.NEEDS_ATTENTION) {
                    return;
                }
                reservations.release(reservation, ReservationStatus.EXPIRED, "expired: no label was bought", ACTOR);
                backorders.afterStockFreed(tenant, reservation.skus());
                report.expired().add(ref);
            }
            case BACKORDERED -> {
                inventory.backorders().dequeue(tenant, orderId);
                moves.promote(tenant, orderId, reservation);
                reservations.extend(reservation, moves.expiry());
                report.promoted().add(ref);
            }
            case LABELED, PARTIALLY_SHIPPED, NEEDS_ATTENTION -> {
                reservations.extend(reservation, moves.expiry());
                report.extended().add(ref);
            }
            default -> {
                if (Lifecycle.isStockOut(state)) {
                    reservations.commit(reservation, ACTOR);
                    report.committed().add(ref);
                } else {
                    reservations.release(reservation, ReservationStatus.RELEASED, "order is " + state, ACTOR);
                    backorders.afterStockFreed(tenant, reservation.skus());
                    report.released().add(ref);
                }
            }
        }
    }
}
