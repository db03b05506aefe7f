package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.NotAwaitingInspection;
import com.creatorflow.shared.inventory.domain.Reservation;
import com.creatorflow.shared.inventory.domain.ReservationStatus;
import com.creatorflow.shared.inventory.domain.ReturnRestock;
import com.creatorflow.shared.inventory.domain.StepOutcome;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.store.OrderRepository;
import java.util.Optional;

/** Puts a returned order's units back on hand, by the creator's setting or after a person's inspection. */
public final class ReturnRestocks {
    private static final String ACTOR = InventoryService.ACTOR;

    private final InventoryRepository inventory;
    private final ReservationStore reservations;
    private final OrderRepository orders;
    private final BackorderResumption backorders;

    ReturnRestocks(InventoryRepository inventory, OrderRepository orders, BackorderResumption backorders) {
        this.inventory = inventory;
        this.reservations = inventory.reservations();
        this.orders = orders;
        this.backorders = backorders;
    }

    /**
     * The restock step of a return: when the creator restocks returns (the step's flag, else the creator's
     * setting), the committed units go back on hand and waiting orders are served. With the setting INSPECT and no
     * flag nothing moves and the outcome is AWAITING_INSPECTION: a person's inspection calls this again with the
     * flag. Idempotent.
     *
     * @param restock the creator's decision for this return, or null for the setting
     */
    public StepOutcome restockOrder(String tenant, String orderId, Boolean restock) {
        ReturnRestock setting = inventory.catalog().settings(tenant).onReturn();
        boolean wanted = restock != null ? restock : setting == ReturnRestock.RESTOCK;
        Optional<Reservation> current = reservations.reservation(tenant, orderId);
        if (restock == null && setting == ReturnRestock.INSPECT && current.isPresent()
                && current.get().status() == ReservationStatus.COMMITTED) {
            return StepOutcome.of(orderId, "AWAITING_INSPECTION", current.get());
        }
        if (!wanted || current.isEmpty()) {
            return StepOutcome.of(orderId, "NOT_RESTOCKED", current.orElse(null));
        }
        Reservation restocked = reservations.restock(current.get(), ACTOR);
        if (restocked.status() == ReservationStatus.RESTOCKED
                && current.get().status() == ReservationStatus.COMMITTED) {
            backorders.afterStockFreed(tenant, restocked.skus());
        }
        return StepOutcome.of(orderId, restocked.status() == ReservationStatus.RESTOCKED ? "RESTOCKED"
                : "NOT_RESTOCKED", restocked);
    }

    /**
     * A person inspected the units of a returned order (the creator's setting INSPECT): they go back on hand or
     * stay out. Only for an order that came back (RETURNED) whose units are still out of stock; a repeat after a
     * restock answers the same outcome.
     */
    public StepOutcome inspectReturn(String tenant, String orderId, boolean restock) {
        Order order = orders.get(tenant, orderId);
        Optional<Reservation> current = reservations.reservation(tenant, orderId);
        if (current.isPresent() && current.get().status() == ReservationStatus.RESTOCKED) {
            return StepOutcome.of(orderId, "RESTOCKED", current.get());
        }
        if (order.state() != OrderState.RETURNED || current.isEmpty()
                || current.get().status() != ReservationStatus.COMMITTED) {
            throw new NotAwaitingInspection(orderId, order.state());
        }
        return restockOrder(tenant, orderId, restock);
    }
}
