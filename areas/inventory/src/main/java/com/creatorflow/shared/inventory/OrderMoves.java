package com.creatorflow.shared.inventory;

import com.creatorflow.shared.error.TransientFailure;
import com.creatorflow.shared.error.VersionConflict;
import com.creatorflow.shared.inventory.domain.Reservation;
import com.creatorflow.shared.inventory.domain.ReservationStatus;
import com.creatorflow.shared.inventory.domain.StepOutcome;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.lifecycle.Lifecycle;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.workflow.TaskTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the inventory use cases move an order as its stock changes: to RESERVED with its workflow resumed (or its
 * stock released when it no longer wants it), elsewhere with retries on concurrent changes, and when a new
 * reservation is due for reconciliation.
 */
final class OrderMoves {
    private static final Logger LOG = LoggerFactory.getLogger(OrderMoves.class);

    private final ReservationStore reservations;
    private final OrderRepository orders;
    private final TaskTokens tokens;
    private final Clock clock;
    private final Duration reservationTtl;

    OrderMoves(InventoryRepository inventory, OrderRepository orders, TaskTokens tokens, Clock clock,
               Duration reservationTtl) {
        this.reservations = inventory.reservations();
        this.orders = orders;
        this.tokens = tokens;
        this.clock = clock;
        this.reservationTtl = reservationTtl;
    }

    /** When a reservation made now is due for reconciliation unless its order moved on. */
    Instant expiry() {
        return clock.instant().plus(reservationTtl);
    }

    /**
     * Moves an order whose units are now reserved to RESERVED and resumes its workflow if one waits; an order
     * that no longer wants the stock (cancelled, in review) gets it released instead.
     *
     * @return true when the order is RESERVED (or already past it)
     */
    boolean promote(String tenant, String orderId, Reservation reservation) {
        return promote(tenant, orders.get(tenant, orderId), reservation);
    }

    /** {@link #promote(String, String, Reservation)} of an order as just read (saves reading it again). */
    boolean promote(String tenant, Order read, Reservation reservation) {
        String orderId = read.orderId();
        Order order = moveOrder(read, EnumSet.of(OrderState.READY, OrderState.BACKORDERED),
                OrderState.RESERVED, "stock reserved for every line");
        if (order.state() != OrderState.RESERVED && !Lifecycle.isPastReservation(order.state())) {
            LOG.info("order {} is {} and no longer wants stock; releasing it", orderId, order.state());
            reservations.release(reservation, order.state() == OrderState.CANCELLED ? ReservationStatus.RELEASED
                    : ReservationStatus.EXPIRED, "order is " + order.state(), InventoryService.ACTOR);
            return false;
        }
        if (reservation.taskToken() != null) {
            tokens.succeed(reservation.taskToken(), Json.write(StepOutcome.of(orderId, "RESERVED", reservation)));
        }
        return true;
    }

    /**
     * Moves an order from one of some states to another, reloading on concurrent changes; an order in none of
     * them (or already there) is left as it is.
     *
     * @return the order as it is now
     */
    Order moveOrder(String tenant, String orderId, Set<OrderState> from, OrderState to, String reason) {
        return moveOrder(orders.get(tenant, orderId), from, to, reason);
    }

    /**
     * {@link #moveOrder(String, String, Set, OrderState, String)} from an order as read earlier: when it is in one of
     * the states, the move is tried on it at once (the version condition catches a change since); otherwise the
     * order is read again before deciding.
     */
    Order moveOrder(Order read, Set<OrderState> from, OrderState to, String reason) {
        String tenant = read.tenantId();
        String orderId = read.orderId();
        boolean movable = from.contains(read.state()) && read.state() != to;
        for (int attempt = 0; attempt < 5; attempt++) {
            Order order = attempt == 0 && movable ? read : orders.get(tenant, orderId);
            if (order.state() == to || !from.contains(order.state())) {
                return order;
            }
            try {
                return orders.transition(order, to, InventoryService.ACTOR, reason);
            } catch (VersionConflict conflict) {
                LOG.debug("order {} changed while moving it to {}; reloading", orderId, to);
            }
        }
        throw new TransientFailure("order " + orderId + " kept changing; retry");
    }
}
