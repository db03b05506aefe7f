package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.Reservation;
import com.creatorflow.shared.inventory.domain.StepOutcome;
import com.creatorflow.shared.inventory.domain.WaitingOrder;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.workflow.TaskTokens;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Serves the orders on the back-order list when stock becomes available, highest priority then oldest first. */
public final class BackorderResumption {
    private static final int RESUME_BATCH = 500;

    private final InventoryRepository inventory;
    private final ReservationStore reservations;
    private final OrderMoves moves;
    private final LowStockAlerts lowStock;
    private final TaskTokens tokens;

    BackorderResumption(InventoryRepository inventory, OrderMoves moves, LowStockAlerts lowStock, TaskTokens tokens) {
        this.inventory = inventory;
        this.reservations = inventory.reservations();
        this.moves = moves;
        this.lowStock = lowStock;
        this.tokens = tokens;
    }

    /** After units became available (arrival, release, restock): serve waiting orders, re-evaluate thresholds. */
    public List<String> afterStockFreed(String tenant, Collection<String> skus) {
        List<String> resumed = resumeBackorders(tenant, skus);
        lowStock.evaluate(tenant, skus);
        return resumed;
    }


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
        Set<String> seenOrders = new HashSet<>();
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

    /** Reserves for one waiting order when its units are all available now. */
    Optional<Reservation> resumeOne(String tenant, String orderId) {
        return inventory.backorders().waiting(tenant, orderId).flatMap(w -> resumeWaiting(w, new HashMap<>()));
    }

    private Optional<Reservation> resumeWaiting(WaitingOrder first, Map<String, Long> known) {
        WaitingOrder waiting = first;
        String tenant = waiting.tenantId();
        for (int attempt = 0; attempt < 3; attempt++) {
            ReservationStore.ReserveResult result = reservations.reserve(tenant, waiting.orderId(), waiting.needs(),
                    inventory.catalog().settings(tenant).locationPriority(), waiting.location(), moves.expiry(),
                    waiting, null);
            result.seen().forEach((sku, stock) -> known.put(sku, stock.available()));
            switch (result.outcome()) {
                case RESERVED -> {
                    Reservation reservation = result.reservation();
                    reservation.lines().forEach(line -> known.merge(line.sku(), (long) -line.quantity(), Long::sum));
                    inventory.backorders().removeIndex(tenant, waiting.orderId(), waiting.needs().keySet(),
                            waiting.since(), waiting.priority());
                    lowStock.afterReservation(tenant, result.seen(), reservation);
                    return moves.promote(tenant, waiting.orderId(), reservation) ? Optional.of(reservation)
                            : Optional.empty();
                }
                case SHORT -> {
                    return Optional.empty();
                }
                case EXISTS -> {
                    inventory.backorders().dequeue(tenant, waiting.orderId());
                    Reservation existing = result.reservation();
                    if (!existing.reserved() || !moves.promote(tenant, waiting.orderId(), existing)) {
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
}
