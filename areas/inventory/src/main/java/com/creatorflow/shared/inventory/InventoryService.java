package com.creatorflow.shared.inventory;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.events.EventBridgePublisher;
import com.creatorflow.shared.events.EventPublisher;
import com.creatorflow.shared.inventory.domain.InventoryLow;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.workflow.StepFunctionsTaskTokens;
import com.creatorflow.shared.workflow.TaskTokens;
import java.time.Clock;
import java.time.Duration;

/**
 * Inventory's use cases wired once on one Inventory table, orders table, event bus and task tokens. It holds no
 * logic: it remains because the use cases call each other (a reservation may resume back-orders and raise
 * low-stock alerts) and must share one wiring, and because the inventory handlers take it in their constructors.
 */
public final class InventoryService {
    /** The actor recorded on the orders' audit trail and on movements made by the workflow steps. */
    public static final String ACTOR = "workflow:inventory";

    private final InventoryRepository inventory;
    private final LowStockAlerts lowStock;
    private final BackorderResumption backorders;
    private final OrderReservations reservations;
    private final ReturnRestocks returns;
    private final StockAdjustments stock;
    private final ReservationReconciler reconciler;

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
        OrderMoves moves = new OrderMoves(inventory, orders, tokens, clock, reservationTtl);
        this.inventory = inventory;
        this.lowStock = new LowStockAlerts(inventory, events, clock);
        this.backorders = new BackorderResumption(inventory, moves, lowStock, tokens);
        this.reservations = new OrderReservations(inventory, orders, moves, backorders, lowStock, tokens);
        this.returns = new ReturnRestocks(inventory, orders, backorders);
        this.stock = new StockAdjustments(inventory, backorders, lowStock);
        this.reconciler = new ReservationReconciler(inventory, orders, moves, backorders, clock);
    }

    /** The service wired from an environment ({@code INVENTORY_TABLE}, {@code EVENT_BUS_NAME}, orders). */
    public static InventoryService fromEnv(Env env) {
        return new InventoryService(InventoryRepository.fromEnv(env), OrderRepository.fromEnv(env),
                EventBridgePublisher.fromEnv(env), new StepFunctionsTaskTokens(env.aws().stepFunctions()),
                Clock.systemUTC(), env.getSeconds("RESERVATION_TTL_SECONDS", Duration.ofHours(6)));
    }

    /** The repository underneath (reads for the API). */
    public InventoryRepository repository() {
        return inventory;
    }

    /** Reserve, await stock, release and commit: the order workflow's steps. */
    public OrderReservations reservations() {
        return reservations;
    }

    /** Serving waiting orders when stock arrives. */
    public BackorderResumption backorders() {
        return backorders;
    }

    /** {@code InventoryLow} alerts. */
    public LowStockAlerts lowStock() {
        return lowStock;
    }

    /** Restocking returns. */
    public ReturnRestocks returns() {
        return returns;
    }

    /** Adjusting stock by hand. */
    public StockAdjustments stock() {
        return stock;
    }

    /** Settling reservations past their expiry. */
    public ReservationReconciler reconciler() {
        return reconciler;
    }
}
