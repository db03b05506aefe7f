package com.creatorflow.shared.inventory;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.IllegalTransition;
import com.creatorflow.shared.error.InsufficientStock;
import com.creatorflow.shared.error.RuleActionRefused;
import com.creatorflow.shared.error.TransientFailure;
import com.creatorflow.shared.error.VersionConflict;
import com.creatorflow.shared.events.EventBridgePublisher;
import com.creatorflow.shared.events.EventPublisher;
import com.creatorflow.shared.lifecycle.Lifecycle;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.workflow.StepFunctionsTaskTokens;
import com.creatorflow.shared.workflow.TaskTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inventory as the order workflows and the API use it: reserve an order (or put it on the back-order list, or
 * send it to review), release, commit and restock, resume waiting orders when stock arrives (oldest first), raise
 * {@code InventoryLow} once per threshold crossing, and reconcile reservations that outlived their order's progress.
 * Orders move through {@link OrderRepository} (the lifecycle table decides); stock moves through
 * {@link InventoryRepository}.
 */
public final class InventoryService {
    /** The actor recorded on the orders' audit trail and on movements made by the workflow steps. */
    public static final String ACTOR = "workflow:inventory";
    private static final Logger LOG = LoggerFactory.getLogger(InventoryService.class);
    private static final int RESUME_BATCH = 500;

    private final InventoryRepository inventory;
    private final OrderRepository orders;
    private final EventPublisher events;
    private final TaskTokens tokens;
    private final Clock clock;
    private final Duration reservationTtl;

    /**
     * @param inventory stock and reservations
     * @param orders the orders whose lifecycle the steps move
     * @param events where {@code InventoryLow} goes
     * @param tokens resumes workflows waiting for stock
     * @param clock the clock (reservation expiry)
     * @param reservationTtl how long a reservation may wait for its order to move on before reconciliation
     */
    public InventoryService(InventoryRepository inventory, OrderRepository orders, EventPublisher events,
                            TaskTokens tokens, Clock clock, Duration reservationTtl) {
        this.inventory = inventory;
        this.orders = orders;
        this.events = events;
        this.tokens = tokens;
        this.clock = clock;
        this.reservationTtl = reservationTtl;
    }

    /** The service wired from an environment ({@code INVENTORY_TABLE}, {@code EVENT_BUS_NAME}, orders). */
    public static InventoryService fromEnv(Env env) {
        return new InventoryService(InventoryRepository.fromEnv(env), OrderRepository.fromEnv(env),
                EventBridgePublisher.fromEnv(env), new StepFunctionsTaskTokens(env.aws().stepFunctions()), Clock.systemUTC(),
                env.getSeconds("RESERVATION_TTL_SECONDS", Duration.ofHours(6)));
    }

    /** The repository underneath (reads for the API). */
    public InventoryRepository repository() {
        return inventory;
    }

    // ------------------------------------------------------------------------------------------------ workflow steps

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
        if (routedTo != null && !Lifecycle.isPastReservation(order.state())) {
            requireKnownLocation(order, routedTo, ruleId);
        }
        if (Lifecycle.isPastReservation(order.state())) {
            return StepOutcome.of(orderId, "RESERVED", inventory.reservation(tenant, orderId).orElse(null));
        }
        if (order.state() == OrderState.BACKORDERED) {
            Optional<Reservation> resumed = resumeOne(tenant, orderId);
            if (resumed.isPresent()) {
                return StepOutcome.of(orderId, "RESERVED", resumed.get());
            }
            Optional<Reservation> held = inventory.reservation(tenant, orderId).filter(Reservation::reserved);
            if (held.isPresent()) {
                promote(tenant, orderId, held.get());
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
        InventoryRepository.ReserveResult result = inventory.reserve(tenant, orderId, needs,
                settings.locationPriority(), routedTo, expiry(), null, move);
        switch (result.outcome()) {
            case RESERVED, EXISTS -> {
                Reservation reservation = result.reservation();
                if (reservation.status() == ReservationStatus.RELEASED) {
                    throw new IllegalTransition(order.state(), OrderState.RESERVED,
                            "the order's stock was released because it was cancelled");
                }
                checkLow(tenant, result.seen(), reservation);
                boolean movedWithIt = result.outcome() == InventoryRepository.ReserveResult.Outcome.RESERVED
                        && move != null;
                if (!movedWithIt && !promote(tenant, order, reservation)) {
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
        moveOrder(order, EnumSet.of(OrderState.READY), OrderState.BACKORDERED,
                "waiting for stock: " + summary);
        Optional<Reservation> arrived = resumeOne(order.tenantId(), order.orderId());
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
        Optional<Reservation> reservation = inventory.reservation(tenant, orderId);
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
        Optional<Reservation> current = inventory.reservation(tenant, orderId);
        if (current.isEmpty() || current.get().status() == ReservationStatus.EXPIRED) {
            return StepOutcome.of(orderId, "RELEASED", inventory.markReleased(tenant, orderId, reason));
        }
        Reservation released = inventory.release(current.get(), ReservationStatus.RELEASED, reason, ACTOR);
        if (released.status() == ReservationStatus.RELEASED) {
            afterStockFreed(tenant, skusOf(released));
        }
        return StepOutcome.of(orderId, released.status().name(), released);
    }

    /**
     * The commit step of shipment: the reserved units leave on hand. An order shipped without a reservation
     * (shipped outside CreatorFlow) has its units taken now, when they are available. Idempotent.
     */
    public StepOutcome commitOrder(String tenant, String orderId) {
        Optional<Reservation> current = inventory.reservation(tenant, orderId);
        if (current.isEmpty() || current.get().status() == ReservationStatus.EXPIRED) {
            Order order = orders.get(tenant, orderId);
            inventory.backorders().dequeue(tenant, orderId);
            InventoryRepository.ReserveResult result = inventory.reserve(tenant, orderId, needsOf(order),
                    inventory.catalog().settings(tenant).locationPriority(), expiry(), null);
            if (result.outcome() == InventoryRepository.ReserveResult.Outcome.SHORT) {
                LOG.warn("order {} shipped without a reservation and its units are not available: {}", orderId,
                        result.shortages());
                return new StepOutcome(orderId, "NOT_RESERVED", List.of(), result.shortages());
            }
            current = Optional.of(result.reservation());
        }
        if (current.get().status() == ReservationStatus.PENDING) {
            throw new TransientFailure("order " + orderId + "'s reservation is still being written; retry");
        }
        Reservation committed = inventory.commit(current.get(), ACTOR);
        return StepOutcome.of(orderId, committed.status().name(), committed);
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
        Optional<Reservation> current = inventory.reservation(tenant, orderId);
        if (restock == null && setting == ReturnRestock.INSPECT && current.isPresent()
                && current.get().status() == ReservationStatus.COMMITTED) {
            return StepOutcome.of(orderId, "AWAITING_INSPECTION", current.get());
        }
        if (!wanted || current.isEmpty()) {
            return StepOutcome.of(orderId, "NOT_RESTOCKED", current.orElse(null));
        }
        Reservation restocked = inventory.restock(current.get(), ACTOR);
        if (restocked.status() == ReservationStatus.RESTOCKED && current.get().status() == ReservationStatus.COMMITTED) {
            afterStockFreed(tenant, skusOf(restocked));
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
        Optional<Reservation> current = inventory.reservation(tenant, orderId);
        if (current.isPresent() && current.get().status() == ReservationStatus.RESTOCKED) {
            return StepOutcome.of(orderId, "RESTOCKED", current.get());
        }
        if (order.state() != OrderState.RETURNED || current.isEmpty()
                || current.get().status() != ReservationStatus.COMMITTED) {
            throw new NotAwaitingInspection(orderId, order.state());
        }
        return restockOrder(tenant, orderId, restock);
    }

    // ------------------------------------------------------------------------------------------------ stock arrival

    /**
     * Stock arrived for some SKUs: reserves for the waiting orders that can now be fully supplied, oldest first
     * (an order that still cannot be supplied keeps its place and does not block younger ones), moves them to
     * RESERVED and resumes their workflows.
     *
     * @return the orders that became RESERVED, in the order they were served
     */
    public List<String> resumeBackorders(String tenant, Collection<String> skus) {
        TreeSet<String> positions = new TreeSet<>();
        Map<String, String> skuOfPosition = new HashMap<>();
        for (String sku : new LinkedHashSet<>(skus)) {
            for (String position : inventory.backorders().waitingFor(tenant, sku, RESUME_BATCH)) {
                positions.add(position);
                skuOfPosition.putIfAbsent(position, sku);
            }
        }
        Map<String, Long> known = new HashMap<>();
        Set<String> seenOrders = new java.util.HashSet<>();
        List<String> reserved = new ArrayList<>();
        for (String position : positions) {
            String orderId = BackorderList.orderOf(position);
            if (!seenOrders.add(orderId)) {
                continue;
            }
            Optional<WaitingOrder> waiting = inventory.backorders().waiting(tenant, orderId);
            if (waiting.isEmpty()) {
                inventory.backorders().removeIndexEntry(tenant, skuOfPosition.get(position), position);
                continue;
            }
            boolean hopeless = waiting.get().needs().entrySet().stream()
                    .anyMatch(need -> known.containsKey(need.getKey()) && known.get(need.getKey()) < need.getValue());
            if (hopeless) {
                continue;
            }
            Optional<Reservation> result = resumeWaiting(waiting.get(), known);
            result.ifPresent(r -> reserved.add(orderId));
        }
        return reserved;
    }

    private Optional<Reservation> resumeOne(String tenant, String orderId) {
        return inventory.backorders().waiting(tenant, orderId).flatMap(w -> resumeWaiting(w, new HashMap<>()));
    }

    private Optional<Reservation> resumeWaiting(WaitingOrder first, Map<String, Long> known) {
        WaitingOrder waiting = first;
        String tenant = waiting.tenantId();
        for (int attempt = 0; attempt < 3; attempt++) {
            InventoryRepository.ReserveResult result = inventory.reserve(tenant, waiting.orderId(), waiting.needs(),
                    inventory.catalog().settings(tenant).locationPriority(), waiting.location(), expiry(), waiting,
                    null);
            result.seen().forEach((sku, stock) -> known.put(sku, stock.available()));
            switch (result.outcome()) {
                case RESERVED -> {
                    Reservation reservation = result.reservation();
                    reservation.lines().forEach(line -> known.merge(line.sku(), (long) -line.quantity(), Long::sum));
                    inventory.backorders().removeIndex(tenant, waiting.orderId(), waiting.needs().keySet(),
                            waiting.since(), waiting.priority());
                    checkLow(tenant, result.seen(), reservation);
                    return promote(tenant, waiting.orderId(), reservation) ? Optional.of(reservation)
                            : Optional.empty();
                }
                case SHORT -> {
                    return Optional.empty();
                }
                case EXISTS -> {
                    inventory.backorders().dequeue(tenant, waiting.orderId());
                    Reservation existing = result.reservation();
                    if (!existing.reserved() || !promote(tenant, waiting.orderId(), existing)) {
                        return Optional.empty();
                    }
                    if (waiting.taskToken() != null && !waiting.taskToken().equals(existing.taskToken())) {
                        tokens.succeed(waiting.taskToken(),
                                Json.write(StepOutcome.of(waiting.orderId(), "RESERVED", existing)));
                    }
                    return Optional.of(existing);
                }
                default -> {
                    Optional<WaitingOrder> again = inventory.backorders().waiting(tenant, waiting.orderId());
                    if (again.isEmpty()) {
                        return Optional.empty();
                    }
                    waiting = again.get();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Moves an order whose units are now reserved to RESERVED and resumes its workflow if one waits; an order
     * that no longer wants the stock (cancelled, in review) gets it released instead.
     *
     * @return true when the order is RESERVED (or already past it)
     */
    private boolean promote(String tenant, String orderId, Reservation reservation) {
        return promote(tenant, orders.get(tenant, orderId), reservation);
    }

    /** {@link #promote(String, String, Reservation)} of an order as just read (saves reading it again). */
    private boolean promote(String tenant, Order read, Reservation reservation) {
        String orderId = read.orderId();
        Order order = moveOrder(read, EnumSet.of(OrderState.READY, OrderState.BACKORDERED),
                OrderState.RESERVED, "stock reserved for every line");
        if (order.state() != OrderState.RESERVED && !Lifecycle.isPastReservation(order.state())) {
            LOG.info("order {} is {} and no longer wants stock; releasing it", orderId, order.state());
            inventory.release(reservation, order.state() == OrderState.CANCELLED ? ReservationStatus.RELEASED
                    : ReservationStatus.EXPIRED, "order is " + order.state(), ACTOR);
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
    private Order moveOrder(String tenant, String orderId, Set<OrderState> from, OrderState to, String reason) {
        return moveOrder(orders.get(tenant, orderId), from, to, reason);
    }

    /**
     * {@link #moveOrder(String, String, Set, OrderState, String)} from an order as read earlier: when it is in one of
     * the states, the move is tried on it at once (the version condition catches a change since); otherwise the
     * order is read again before deciding.
     */
    private Order moveOrder(Order read, Set<OrderState> from, OrderState to, String reason) {
        String tenant = read.tenantId();
        String orderId = read.orderId();
        boolean movable = from.contains(read.state()) && read.state() != to;
        for (int attempt = 0; attempt < 5; attempt++) {
            Order order = attempt == 0 && movable ? read : orders.get(tenant, orderId);
            if (order.state() == to || !from.contains(order.state())) {
                return order;
            }
            try {
                return orders.transition(order, to, ACTOR, reason);
            } catch (VersionConflict conflict) {
                LOG.debug("order {} changed while moving it to {}; reloading", orderId, to);
            }
        }
        throw new TransientFailure("order " + orderId + " kept changing; retry");
    }

    // ------------------------------------------------------------------------------------------------ API

    /**
     * The result of a stock change.
     *
     * @param stock the SKU's stock after it
     * @param resumedOrders waiting orders that the change let through
     */
    public record StockChange(SkuStock stock, List<String> resumedOrders) {
    }

    /** Changes the on-hand units at a location by a delta with a reason (audited as a movement). */
    public StockChange adjust(String tenant, String sku, String location, long delta, String reason, String actor) {
        inventory.changeOnHand(tenant, sku, location, delta, MovementKind.ADJUST, reason, actor, null);
        List<String> resumed = delta > 0 ? resumeBackorders(tenant, List.of(sku)) : List.of();
        evaluateLow(tenant, List.of(sku));
        return new StockChange(inventory.stock(tenant, sku), resumed);
    }

    /** After units became available (arrival, release, restock): serve waiting orders, re-evaluate thresholds. */
    public List<String> afterStockFreed(String tenant, Collection<String> skus) {
        List<String> resumed = resumeBackorders(tenant, skus);
        evaluateLow(tenant, skus);
        return resumed;
    }

    // ------------------------------------------------------------------------------------------------ low stock

    private void checkLow(String tenant, Map<String, SkuStock> seen, Reservation reservation) {
        Map<String, Long> taken = new HashMap<>();
        reservation.lines().forEach(line -> taken.merge(line.sku(), (long) line.quantity(), Long::sum));
        List<String> near = new ArrayList<>();
        seen.forEach((sku, stock) -> {
            if (stock.lowThreshold() != null && !stock.lowAlerted()
                    && stock.available() - taken.getOrDefault(sku, 0L) <= stock.lowThreshold()) {
                near.add(sku);
            }
        });
        evaluateLow(tenant, near);
    }

    /**
     * Raises {@code InventoryLow} for the SKUs at or below their threshold that have not raised it since they last
     * recovered, and marks recovered the ones above it. Of concurrent callers exactly one raises each event.
     */
    public void evaluateLow(String tenant, Collection<String> skus) {
        for (String sku : skus) {
            SkuStock stock = inventory.stock(tenant, sku);
            if (stock.lowThreshold() == null) {
                continue;
            }
            boolean low = stock.available() <= stock.lowThreshold();
            if (low == stock.lowAlerted() || !inventory.catalog().markLow(tenant, sku, low) || !low) {
                continue;
            }
            Instant now = clock.instant();
            InventoryLow detail = new InventoryLow(tenant, sku, stock.available(), stock.onHand(), stock.reserved(),
                    stock.lowThreshold(), now);
            try {
                events.publish(InventoryLow.SOURCE, InventoryLow.DETAIL_TYPE, detail);
            } catch (RuntimeException e) {
                LOG.warn("InventoryLow for {} could not be published; it will be raised again: {}", sku,
                        e.getMessage());
                inventory.catalog().markLow(tenant, sku, false);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ reconciliation

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
        List<Reservation> due = inventory.expired(now, limit);
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
            inventory.release(reservation, ReservationStatus.EXPIRED, "rolled back: never completed", ACTOR);
            report.rolledBack().add(ref);
            return;
        }
        Optional<Order> order = orders.find(tenant, orderId);
        OrderState state = order.map(Order::state).orElse(OrderState.CANCELLED);
        switch (state) {
            case READY -> {
                inventory.release(reservation, ReservationStatus.EXPIRED, "expired: the order did not move on",
                        ACTOR);
                afterStockFreed(tenant, skusOf(reservation));
                report.expired().add(ref);
            }
            case RESERVED -> {
                Order now = moveOrder(tenant, orderId, EnumSet.of(OrderState.RESERVED), OrderState.NEEDS_ATTENTION,
                        "the reservation expired before a label was bought; its stock was released");
                if (now.state() != OrderState.NEEDS_ATTENTION) {
                    return;
                }
                inventory.release(reservation, ReservationStatus.EXPIRED, "expired: no label was bought", ACTOR);
                afterStockFreed(tenant, skusOf(reservation));
                report.expired().add(ref);
            }
            case BACKORDERED -> {
                inventory.backorders().dequeue(tenant, orderId);
                promote(tenant, orderId, reservation);
                inventory.extend(reservation, expiry());
                report.promoted().add(ref);
            }
            case LABELED, PARTIALLY_SHIPPED, NEEDS_ATTENTION -> {
                inventory.extend(reservation, expiry());
                report.extended().add(ref);
            }
            default -> {
                if (Lifecycle.isStockOut(state)) {
                    inventory.commit(reservation, ACTOR);
                    report.committed().add(ref);
                } else {
                    inventory.release(reservation, ReservationStatus.RELEASED, "order is " + state, ACTOR);
                    afterStockFreed(tenant, skusOf(reservation));
                    report.released().add(ref);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

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

    private Instant expiry() {
        return clock.instant().plus(reservationTtl);
    }

    private static List<String> skusOf(Reservation reservation) {
        return reservation.lines().stream().map(Allocation::sku).distinct().toList();
    }
}
