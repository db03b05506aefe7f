package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.Movement;
import com.creatorflow.shared.inventory.domain.MovementKind;
import com.creatorflow.shared.inventory.domain.SkuStock;
import com.creatorflow.shared.inventory.domain.StockCount;
import com.creatorflow.shared.inventory.domain.StockLevel;
import static com.creatorflow.shared.inventory.InventoryItems.n;

import com.creatorflow.shared.aws.Backoff;
import com.creatorflow.shared.error.TransientFailure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Sets many on-hand counts (a stock count import), all or nothing across more transactions than one. Each chunk of
 * counts is one {@code TransactWriteItems} (per count the stock update, on the condition that {@code onHand} is
 * still the value read and covers the reserved units, and its COUNT movement). A chunk cancelled by a concurrent
 * change is read again and retried; a count found below the units now reserved refuses the whole set, and the chunks
 * already applied are undone (each stock item moved back by its delta, its movement deleted) before anything is
 * reported. An undo that finds the new units already reserved by an order cannot be undone; it is reported.
 */
final class StockCounts extends InventoryStore {
    private final InventoryRepository repository;

    StockCounts(InventoryRepository repository) {
        super(repository);
        this.repository = repository;
    }

    /**
     * What a set of counts did.
     *
     * @param changes per applied count its change of on-hand units (0: the count was already right)
     * @param refused per refused count why (below the units reserved)
     * @param notUndone counts of a refused all-or-nothing set that stayed applied (their units were reserved
     *     meanwhile), with their change
     */
    record Result(Map<StockCount, Long> changes, Map<StockCount, String> refused, Map<StockCount, Long> notUndone) {
    }

    /** A count as applied: its change, its movement, and whether it created the stock item. */
    private record Applied(long delta, Movement movement, boolean created) {
    }

    /** Why each count would be refused now (below the units reserved at its location); empty when none is. */
    Map<StockCount, String> problems(String tenant, List<StockCount> counts) {
        Map<StockCount, String> refused = new LinkedHashMap<>();
        Map<String, SkuStock> stock = repository.stock(tenant, skus(counts));
        for (StockCount count : counts) {
            problem(count, stock.get(count.sku()).at(count.location())).ifPresent(p -> refused.put(count, p));
        }
        return refused;
    }

    /**
     * Applies the counts.
     *
     * @param allOrNothing when a count is refused, undo the applied ones and apply nothing; otherwise apply the
     *     others
     */
    Result apply(String tenant, List<StockCount> counts, boolean allOrNothing, String reason, String actor) {
        Map<StockCount, Applied> applied = new LinkedHashMap<>();
        Map<StockCount, Long> changes = new LinkedHashMap<>();
        Map<StockCount, String> refused = new LinkedHashMap<>();
        List<List<StockCount>> chunks = chunks(counts, maxTransactItems / 2);
        for (int i = 0; i < chunks.size(); i++) {
            repository.chunkStarting(i);
            boolean done = false;
            for (int attempt = 1; attempt <= MAX_ATTEMPTS && !done; attempt++) {
                Map<StockCount, Applied> planned = new LinkedHashMap<>();
                List<TransactWriteItem> items = new ArrayList<>();
                Map<String, SkuStock> stock = repository.stock(tenant, skus(chunks.get(i)));
                for (StockCount count : chunks.get(i)) {
                    if (refused.containsKey(count)) {
                        continue;
                    }
                    Optional<StockLevel> current = stock.get(count.sku()).at(count.location());
                    Optional<String> problem = problem(count, current);
                    if (problem.isPresent()) {
                        refused.put(count, problem.get());
                        continue;
                    }
                    long onHand = current.map(StockLevel::onHand).orElse(0L);
                    long delta = count.quantity() - onHand;
                    if (delta == 0) {
                        continue;
                    }
                    Movement movement = repository.movement(count.sku(), count.location(), MovementKind.COUNT, delta,
                            0, null, reason, actor);
                    items.add(current.isPresent()
                            ? repository.stockUpdate(tenant, count.sku(), count.location(), delta, 0,
                                    "onHand = :old AND reserved <= :count",
                                    Map.of(":old", n(onHand), ":count", n(count.quantity())))
                            : repository.stockUpdate(tenant, count.sku(), count.location(), delta, 0,
                                    "attribute_not_exists(onHand)", Map.of()));
                    items.add(put(InventoryItems.movementItem(tenant, movement), null, Map.of()));
                    planned.put(count, new Applied(delta, movement, current.isEmpty()));
                }
                if (!refused.isEmpty() && allOrNothing) {
                    return new Result(Map.of(), refused, undo(tenant, applied));
                }
                try {
                    if (!items.isEmpty()) {
                        transact(items);
                    }
                    applied.putAll(planned);
                    chunks.get(i).stream().filter(c -> !refused.containsKey(c))
                            .forEach(c -> changes.put(c, planned.containsKey(c) ? planned.get(c).delta() : 0L));
                    done = true;
                } catch (TransactionCanceledException e) {
                    if (!cancelledByChange(e, items.size())) {
                        undoOrKeep(tenant, applied, allOrNothing);
                        throw retryable(e);
                    }
                    Backoff.pause(attempt);
                }
            }
            if (!done) {
                undoOrKeep(tenant, applied, allOrNothing);
                throw new TransientFailure("the stock kept changing during the import; try again");
            }
        }
        return new Result(changes, refused, Map.of());
    }

    private void undoOrKeep(String tenant, Map<StockCount, Applied> applied, boolean allOrNothing) {
        if (allOrNothing) {
            undo(tenant, applied);
        }
    }

    private static boolean cancelledByChange(TransactionCanceledException e, int size) {
        for (int k = 0; k < size; k++) {
            String code = codeAt(e, k);
            if (code.equals(CCF) || code.equals("TransactionConflict")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Undoes applied counts, a chunk per transaction; a chunk that is refused is undone count by count.
     *
     * @return the counts that could not be undone, with their change
     */
    private Map<StockCount, Long> undo(String tenant, Map<StockCount, Applied> applied) {
        Map<StockCount, Long> notUndone = new LinkedHashMap<>();
        for (List<StockCount> chunk : chunks(new ArrayList<>(applied.keySet()), maxTransactItems / 2)) {
            if (chunk.isEmpty() || undone(tenant, chunk, applied, false)) {
                continue;
            }
            for (StockCount count : chunk) {
                if (!undone(tenant, List.of(count), applied, false) && !undone(tenant, List.of(count), applied, true)) {
                    notUndone.put(count, applied.get(count).delta());
                }
            }
        }
        return notUndone;
    }

    /**
     * One undo transaction: per count its movement deleted and its stock moved back by the delta (a stock item the
     * count created is deleted, on the condition that nothing else changed it, unless {@code relative}); a decrease
     * back requires that the units are still available.
     */
    private boolean undone(String tenant, List<StockCount> counts, Map<StockCount, Applied> applied,
                           boolean relative) {
        List<TransactWriteItem> items = new ArrayList<>();
        for (StockCount count : counts) {
            Applied a = applied.get(count);
            if (a.created() && !relative) {
                items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key(InventoryKeys.skuPk(tenant, count.sku()), InventoryKeys.stockSk(count.location())))
                        .conditionExpression("onHand = :count AND reserved = :zero")
                        .expressionAttributeValues(Map.of(":count", n(count.quantity()), ":zero", n(0)))
                        .build()).build());
            } else {
                items.add(repository.stockUpdate(tenant, count.sku(), count.location(), -a.delta(), 0,
                        a.delta() > 0 ? "available >= :back" : null,
                        a.delta() > 0 ? Map.of(":back", n(a.delta())) : Map.of()));
            }
            items.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                    .key(key(InventoryKeys.skuPk(tenant, count.sku()),
                            InventoryKeys.movementSk(a.movement().at(), a.movement().id()))).build()).build());
        }
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                transact(items);
                return true;
            } catch (TransactionCanceledException e) {
                boolean conflictOnly = true;
                for (int k = 0; k < items.size(); k++) {
                    conflictOnly &= !codeAt(e, k).equals(CCF);
                }
                if (!conflictOnly) {
                    return false;
                }
                Backoff.pause(attempt);
            }
        }
        return false;
    }

    private static Optional<String> problem(StockCount count, Optional<StockLevel> current) {
        long reserved = current.map(StockLevel::reserved).orElse(0L);
        return count.quantity() < reserved
                ? Optional.of("quantity " + count.quantity() + " is below the " + reserved + " units of "
                        + count.sku() + " reserved at " + count.location())
                : Optional.empty();
    }

    private static Set<String> skus(List<StockCount> counts) {
        Set<String> skus = new LinkedHashSet<>();
        counts.forEach(count -> skus.add(count.sku()));
        return skus;
    }
}
