package com.creatorflow.shared.inventory;

import com.creatorflow.shared.error.InsufficientStock;
import com.creatorflow.shared.error.RuleActionRefused;
import com.creatorflow.shared.error.TransientFailure;
import com.creatorflow.shared.inventory.domain.Allocator;
import com.creatorflow.shared.inventory.domain.Bundle;
import com.creatorflow.shared.inventory.domain.BundleExpander;
import com.creatorflow.shared.inventory.domain.InventorySettings;
import com.creatorflow.shared.inventory.domain.Reservation;
import com.creatorflow.shared.inventory.domain.ReservationStatus;
import com.creatorflow.shared.inventory.domain.Shortage;
import com.creatorflow.shared.inventory.domain.ShortagePolicy;
import com.creatorflow.shared.inventory.domain.StepOutcome;
import com.creatorflow.shared.inventory.domain.WaitingOrder;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.lifecycle.IllegalTransition;
import com.creatorflow.shared.lifecycle.Lifecycle;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.workflow.TaskTokens;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order workflow's inventory steps: reserve an order (or put it on the back-order list, or send it to review),
 * wait for stock, release on cancellation and commit on shipment.
 */
public final class OrderReservations {
    private static final Logger LOG = LoggerFactory.getLogger(OrderReservations.class);
    private static final String ACTOR = InventoryService.ACTOR;

    private final InventoryRepository inventory;
    private final ReservationStore reservations;
    private final OrderRepository orders;
    private final OrderMoves moves;
    private final BackorderResumption backorders;
    private final LowStockAlerts lowStock;
    private final TaskTokens tokens;

    OrderReservations(InventoryRepository inventory, OrderRepository orders, OrderMoves moves,
                      BackorderResumption backorders, LowStockAlerts lowStock, TaskTokens tokens) {
        this.inventory = inventory;
        this.reservations = inventory.reservations();
        this.orders = orders;
        this.moves = moves;
        this.backorders = backorders;
        this.lowStock = lowStock;
        this.tokens = tokens;
    }


    /**
     * The ReserveInventory step: reserves every unit of a READY order and moves it to RESERVED; when stock is short
     * the order waits on the back-order list (BACKORDERED) or, under the REVIEW policy, {@link InsufficientStock}
     * is thrown for the workflow's catch. Idempotent: an order already reserved (or past it) answers RESERVED.
     *
     * @param policy the shortage policy of this run, or null for the creator's setting
     */
    public StepOutcome reserveOrder(String tenant, String orderId, ShortagePolicy policy) {
        return reserveOrder(tenant, orderId, policy, null, null);
    }

    /**
     * {@link #reserveOrder(String, String, ShortagePolicy)} for an order a creator's rule routes to a warehouse:
     * every unit comes from that location, and a short order waits for stock there. A location the creator's
     * inventory does not know (not in the location priority, and none of the order's SKUs stocked there) is refused
     * with {@link RuleActionRefused} before anything is reserved.
     *
     * @param routedTo the location the rule names, or null for the creator's location priority
     * @param ruleId the rule that routed it, for the refusal's message
     */
    public StepOutcome reserveOrder(String tenant, String orderId, ShortagePolicy policy, String routedTo,
                                    String ruleId) {
        Order order = orders.get(tenant, orderId);
        if (Lifecycle.isPastReservation(order.state())) {
            return StepOutcome.of(orderId, "RESERVED", reservations.reservation(tenant, orderId).orElse(null));
        }
        if (routedTo != null) {
            requireKnownLocation(order, routedTo, ruleId);
        }
        if (order.state() == OrderState.BACKORDERED) {
            Optional<Reservation> resumed = backorders.resumeOne(tenant, orderId);
            if (resumed.isPresent()) {
                return StepOutcome.of(orderId, "RESERVED", resumed.get());
            }
            Optional<Reservation> held = reservations.reservation(tenant, orderId).filter(Reservation::reserved);
            if (held.isPresent()) {
                moves.promote(tenant, orderId, held.get());
                return StepOutcome.of(orderId, "RESERVED", held.get());
            }
            if (inventory.backorders().waiting(tenant, orderId).isPresent()) {
                Map<String, Integer> needs = needsOf(order);
                List<Shortage> shortages = Allocator.allocate(needs, inventory.stock(tenant, needs.keySet()),
                        inventory.catalog().settings(tenant).locationPriority(), routedTo).shortages();
                return new StepOutcome(orderId, "BACKORDERED", List.of(), shortages);
            }
        } else if (order.state() != OrderState.READY && order.state() != OrderState.RESERVED) {
            throw new IllegalTransition(order.state(), OrderState.RESERVED, "only a READY order is reserved");
        }
        InventorySettings settings = inventory.catalog().settings(tenant);
        Map<String, Integer> needs = needsOf(order);
        OrderRepository.PreparedChange move = order.state() == OrderState.READY
                ? orders.prepareTransition(order, OrderState.RESERVED, ACTOR, "stock reserved for every line") : null;
        ReservationStore.ReserveResult result = reservations.reserve(tenant, orderId, needs,
                settings.locationPriority(), routedTo, moves.expiry(), null, move);
        switch (result.outcome()) {
            case RESERVED, EXISTS -> {
                Reservation reservation = result.reservation();
                if (reservation.status() == ReservationStatus.RELEASED) {
                    throw new IllegalTransition(order.state(), OrderState.RESERVED,
                            "the order's stock was released because it was cancelled");
                }
                lowStock.afterReservation(tenant, result.seen(), reservation);
                boolean movedWithIt = result.outcome() == ReservationStore.ReserveResult.Outcome.RESERVED
                        && move != null;
                if (!movedWithIt && !moves.promote(tenant, order, reservation)) {
                    Order now = orders.get(tenant, orderId);
                    throw new IllegalTransition(now.state(), OrderState.RESERVED, "the order changed meanwhile");
                }
                return StepOutcome.of(orderId, "RESERVED", reservation);
            }
            case SHORT -> {
                return shortOf(order, needs, routedTo, result.shortages(),
                        policy != null ? policy : settings.onShortage());
            }
            default -> throw new TransientFailure("order " + orderId + " is not waiting; retry the step");
        }
    }

    private StepOutcome shortOf(Order order, Map<String, Integer> needs, String routedTo, List<Shortage> shortages,
                                ShortagePolicy policy) {
        String summary = shortages.stream().map(s -> s.sku() + " needs " + s.requested() + ", " + s.available()
                + " available").collect(Collectors.joining("; ")) + (routedTo == null ? "" : " at " + routedTo);
        if (policy == ShortagePolicy.REVIEW || order.state() == OrderState.RESERVED) {
            throw new InsufficientStock(shortages.get(0).sku(), "not enough stock: " + summary);
        }
        inventory.backorders().enqueue(order.tenantId(), order.orderId(), needs, routedTo, order.priority());
        moves.moveOrder(order, EnumSet.of(OrderState.READY), OrderState.BACKORDERED,
                "waiting for stock: " + summary);
        Optional<Reservation> arrived = backorders.resumeOne(order.tenantId(), order.orderId());
        if (arrived.isPresent()) {
            return StepOutcome.of(order.orderId(), "RESERVED", arrived.get());
        }
        return new StepOutcome(order.orderId(), "BACKORDERED", List.of(), shortages);
    }

    /**
     * The AwaitStock step (called with a task token): records the token on the order's back-order entry so that
     * the arrival of stock resumes the workflow; an order that is no longer waiting is answered at once.
     */
    public StepOutcome awaitStock(String tenant, String orderId, String taskToken) {
        if (inventory.backorders().attachTaskToken(tenant, orderId, taskToken)) {
            return new StepOutcome(orderId, "WAITING", List.of(), List.of());
        }
        Order order = orders.get(tenant, orderId);
        Optional<Reservation> reservation = reservations.reservation(tenant, orderId);
        if (order.state() == OrderState.RESERVED || Lifecycle.isPastReservation(order.state())) {
            StepOutcome outcome = StepOutcome.of(orderId, "RESERVED", reservation.orElse(null));
            tokens.succeed(taskToken, Json.write(outcome));
            return outcome;
        }
        tokens.fail(taskToken, "OrderNotWaiting", "order " + orderId + " is " + order.state()
                + " and no longer waits for stock");
        return new StepOutcome(orderId, order.state().name(), List.of(), List.of());
    }

    /**
     * The release step of cancellation: takes the order off the back-order list (ending its workflow's wait for
     * stock), releases its reservation (or marks that it must never get one) and serves waiting orders from the
     * freed units. Idempotent.
     */
    public StepOutcome releaseOrder(String tenant, String orderId, String reason) {
        Optional<Order> order = orders.find(tenant, orderId);
        if (order.isPresent() && (order.get().state() == OrderState.RESERVED
                || Lifecycle.isPastReservation(order.get().state()))) {
            throw new IllegalTransition(order.get().state(), OrderState.CANCELLED,
                    "the order is being fulfilled; cancel it before releasing its stock");
        }
        inventory.backorders().dequeue(tenant, orderId).map(WaitingOrder::taskToken)
                .ifPresent(token -> tokens.fail(token, "OrderCancelled", "order " + orderId
                        + " was cancelled while it waited for stock"));
        Optional<Reservation> current = reservations.reservation(tenant, orderId);
        if (current.isEmpty() || current.get().status() == ReservationStatus.EXPIRED) {
            return StepOutcome.of(orderId, "RELEASED", reservations.markReleased(tenant, orderId, reason));
        }
        Reservation released = reservations.release(current.get(), ReservationStatus.RELEASED, reason, ACTOR);
        if (released.status() == ReservationStatus.RELEASED) {
            backorders.afterStockFreed(tenant, released.skus());
        }
        return StepOutcome.of(orderId, released.status().name(), released);
    }

    /**
     * The commit step of shipment: the reserved units leave on hand. An order shipped without a reservation
     * (shipped outside CreatorFlow) has its units taken now, when they are available. Idempotent.
     */
    public StepOutcome commitOrder(String tenant, String orderId) {
        Optional<Reservation> current = reservations.reservation(tenant, orderId);
        if (current.isEmpty() || current.get().status() == ReservationStatus.EXPIRED) {
            Order order = orders.get(tenant, orderId);
            inventory.backorders().dequeue(tenant, orderId);
            ReservationStore.ReserveResult result = reservations.reserve(tenant, orderId, needsOf(order),
                    inventory.catalog().settings(tenant).locationPriority(), moves.expiry(), null);
            if (result.outcome() == ReservationStore.ReserveResult.Outcome.SHORT) {
                LOG.warn("order {} shipped without a reservation and its units are not available: {}", orderId,
                        result.shortages());
                return new StepOutcome(orderId, "NOT_RESERVED", List.of(), result.shortages());
            }
            current = Optional.of(result.reservation());
        }
        if (current.get().status() == ReservationStatus.PENDING) {
            throw new TransientFailure("order " + orderId + "'s reservation is still being written; retry");
        }
        Reservation committed = reservations.commit(current.get(), ACTOR);
        return StepOutcome.of(orderId, committed.status().name(), committed);
    }

    private void requireKnownLocation(Order order, String location, String ruleId) {
        Map<String, Integer> needs = needsOf(order);
        boolean ranked = inventory.catalog().settings(order.tenantId()).locationPriority().contains(location);
        boolean stocked = inventory.stock(order.tenantId(), needs.keySet()).values().stream()
                .anyMatch(stock -> stock.at(location).isPresent());
        if (!ranked && !stocked) {
            throw new RuleActionRefused("warehouse", "creator rule '" + (ruleId == null ? "?" : ruleId)
                    + "' routes order " + order.orderId() + " to warehouse " + location + ", which is unknown: it is "
                    + "not in the inventory's location priority and holds none of the order's SKUs "
                    + new TreeSet<>(needs.keySet()));
        }
    }

    /** Units per stocked SKU of an order (bundles expanded). */
    public Map<String, Integer> needsOf(Order order) {
        Map<String, Bundle> bundles = inventory.catalog().bundles(order.tenantId(), BundleExpander.skus(order.lines()));
        return BundleExpander.expand(order.lines(), bundles);
    }
}
