package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.Allocation;
import com.creatorflow.shared.inventory.domain.Allocator;
import com.creatorflow.shared.inventory.domain.MovementKind;
import com.creatorflow.shared.inventory.domain.Reservation;
import com.creatorflow.shared.inventory.domain.ReservationStatus;
import com.creatorflow.shared.inventory.domain.Shortage;
import com.creatorflow.shared.inventory.domain.SkuStock;
import com.creatorflow.shared.inventory.domain.WaitingOrder;
import static com.creatorflow.shared.inventory.InventoryItems.n;
import static com.creatorflow.shared.inventory.InventoryItems.s;

import com.creatorflow.shared.aws.Backoff;
import com.creatorflow.shared.error.TransientFailure;
import com.creatorflow.shared.error.VersionConflict;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * Order reservations in the Inventory table: reserve an order's units all or nothing, release, commit, restock,
 * extend, and find the expired ones.
 *
 * <p>An order's reservation is written in the same transaction as the stock it takes, on the condition that every
 * location still has the units ({@code available >= :q}) and that the order has no reservation yet: the order's
 * units are reserved all at once or not at all, and a retried step reserves nothing twice. An order too large for
 * one transaction ({@code maxTransactItems}, 100 in AWS and in Dynoxide) is written in several, tracked on the
 * reservation item; when a later one fails, the earlier ones are released (compensation) before anything is
 * reported.
 */
public final class ReservationStore extends InventoryStore {
    /** Finished reservations and markers are purged by TTL after this long. */
    static final Duration PURGE_AFTER = Duration.ofDays(400);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReservationStore.class);

    private final InventoryRepository stock;

    ReservationStore(InventoryRepository stock) {
        super(stock);
        this.stock = stock;
    }


    /** The order's reservation (strongly consistent). */
    public Optional<Reservation> reservation(String tenant, String orderId) {
        var response = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(InventoryKeys.orderPk(tenant, orderId), InventoryKeys.RESERVATION)));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(InventoryItems.reservation(response.item())) : Optional.empty();
    }

    /**
     * The outcome of one reservation attempt.
     *
     * @param outcome what happened
     * @param reservation the order's reservation (new or found), when there is one
     * @param shortages the SKUs that were short ({@link Outcome#SHORT})
     * @param seen the stock read to plan it (for low-stock checks)
     */
    public record ReserveResult(Outcome outcome, Reservation reservation, List<Shortage> shortages,
                                Map<String, SkuStock> seen) {
        /** What a reservation attempt did. */
        public enum Outcome {
            /** Units are now reserved for the order. */
            RESERVED,
            /** The order already has a reservation (held, committed, restocked or released); nothing changed. */
            EXISTS,
            /** Not every unit is available; nothing changed. */
            SHORT,
            /** A reservation from the back-order list found the order no longer waiting; nothing changed. */
            NOT_WAITING
        }
    }

    /**
     * Reserves an order's units, all or nothing.
     *
     * @param tenant the tenant
     * @param orderId the order
     * @param needs units per stocked SKU (bundles expanded)
     * @param priority the creator's location priority
     * @param expiresAt when the reservation is due for reconciliation unless the order moved on
     * @param waiting the order's back-order entry, when reserving from the back-order list: it is removed in the
     *     same transaction (only if it is unchanged), and its task token carried onto the reservation
     */
    public ReserveResult reserve(String tenant, String orderId, Map<String, Integer> needs, List<String> priority,
                                 Instant expiresAt, WaitingOrder waiting) {
        return reserve(tenant, orderId, needs, priority, expiresAt, waiting, null);
    }

    /**
     * {@link #reserve(String, String, Map, List, Instant, WaitingOrder)} that also moves the order, in the
     * transaction that completes the reservation (so an order is RESERVED exactly when its units are).
     *
     * @param orderMove the order's prepared move (its items written with the reservation), or null
     * @throws VersionConflict when the order changed since {@code orderMove} was built (nothing is reserved)
     */
    public ReserveResult reserve(String tenant, String orderId, Map<String, Integer> needs, List<String> priority,
                                 Instant expiresAt, WaitingOrder waiting, OrderRepository.PreparedChange orderMove) {
        return reserve(tenant, orderId, needs, priority, null, expiresAt, waiting, orderMove);
    }

    /**
     * {@link #reserve(String, String, Map, List, Instant, WaitingOrder, OrderRepository.PreparedChange)} taking
     * every unit from one location when {@code routedTo} names one (a creator's routing rule).
     */
    public ReserveResult reserve(String tenant, String orderId, Map<String, Integer> needs, List<String> priority,
                                 String routedTo, Instant expiresAt, WaitingOrder waiting,
                                 OrderRepository.PreparedChange orderMove) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Map<String, SkuStock> seen = stock.stock(tenant, needs.keySet());
            Allocator.Plan plan = Allocator.allocate(needs, seen, priority, routedTo);
            if (!plan.complete()) {
                Optional<Reservation> existing = reservation(tenant, orderId)
                        .filter(r -> r.status() != ReservationStatus.EXPIRED);
                return existing.map(r -> new ReserveResult(ReserveResult.Outcome.EXISTS, r, List.of(), seen))
                        .orElseGet(() -> new ReserveResult(ReserveResult.Outcome.SHORT, null, plan.shortages(), seen));
            }
            Instant now = clock.instant();
            Reservation draft = new Reservation(tenant, orderId, ReservationStatus.HELD, plan.allocations(),
                    stock.chunkLines(), 0, null, 0, now, now, expiresAt, waiting == null ? null : waiting.taskToken(),
                    null);
            try {
                return new ReserveResult(ReserveResult.Outcome.RESERVED, write(draft, waiting, orderMove), List.of(),
                        seen);
            } catch (Retry retry) {
                Backoff.pause(attempt);
            } catch (AlreadyReserved exists) {
                Optional<Reservation> current = reservation(tenant, orderId);
                if (current.isPresent() && current.get().status() != ReservationStatus.PENDING
                        && current.get().status() != ReservationStatus.EXPIRED) {
                    return new ReserveResult(ReserveResult.Outcome.EXISTS, current.get(), List.of(), seen);
                }
                Backoff.pause(attempt);
            } catch (NoLongerWaiting gone) {
                return new ReserveResult(ReserveResult.Outcome.NOT_WAITING, null, List.of(), seen);
            }
        }
        throw new TransientFailure("the stock of order " + orderId + "'s SKUs kept changing; try again");
    }

    private Reservation write(Reservation draft, WaitingOrder waiting, OrderRepository.PreparedChange orderMove) {
        List<List<Allocation>> chunks = chunks(draft.lines(), draft.chunkLines());
        String tenant = draft.tenantId();
        for (int i = 0; i < chunks.size(); i++) {
            stock.chunkStarting(i);
            boolean last = i == chunks.size() - 1;
            List<TransactWriteItem> items = new ArrayList<>();
            if (i == 0) {
                Reservation first = last ? draft : withStatus(draft, ReservationStatus.PENDING, 1);
                items.add(put(InventoryItems.reservationItem(first),
                        "attribute_not_exists(pk) OR #status = :expired",
                        Map.of(":expired", s(ReservationStatus.EXPIRED.name()))));
            } else {
                Map<String, AttributeValue> values = new HashMap<>(Map.of(":i", n(i), ":next", n(i + 1),
                        ":pending", s(ReservationStatus.PENDING.name()), ":now", s(clock.instant().toString())));
                String set = "SET applied = :next, updatedAt = :now";
                if (last) {
                    set = "SET updatedAt = :now, #status = :held REMOVE applied";
                    values.remove(":next");
                    values.put(":held", s(ReservationStatus.HELD.name()));
                }
                items.add(update(InventoryKeys.orderPk(tenant, draft.orderId()), InventoryKeys.RESERVATION, set,
                        "#status = :pending AND applied = :i AND attribute_not_exists(operation)", values));
            }
            for (Allocation line : chunks.get(i)) {
                items.add(stock.stockUpdate(tenant, line.sku(), line.location(), 0, line.quantity(),
                        "available >= :q", Map.of(":q", n(line.quantity()))));
                items.add(put(InventoryItems.movementItem(tenant, stock.movement(line.sku(), line.location(),
                        MovementKind.RESERVE, 0, line.quantity(), draft.orderId(), null, "inventory")), null,
                        Map.of()));
            }
            if (last && waiting != null) {
                items.add(waitingDelete(waiting));
            }
            int orderAt = items.size();
            if (last && orderMove != null) {
                items.addAll(orderMove.items());
            }
            try {
                transact(items);
            } catch (TransactionCanceledException e) {
                RuntimeException failure = last && orderMove != null && codeAt(e, orderAt).equals(CCF)
                        ? new VersionConflict(draft.orderId(), orderMove.after().version() - 1)
                        : classifyReserveFailure(e, i, orderAt, waiting != null && last);
                if (i > 0) {
                    rollBack(tenant, draft.orderId(), "rolled back: a later part of the reservation failed");
                }
                throw failure;
            }
        }
        return chunks.size() == 1 ? draft : reservation(tenant, draft.orderId()).orElseThrow();
    }

    private RuntimeException classifyReserveFailure(TransactionCanceledException e, int chunk, int size,
                                                    boolean withWaiting) {
        if (chunk == 0 && codeAt(e, 0).equals(CCF)) {
            return new AlreadyReserved();
        }
        if (withWaiting && codeAt(e, size - 1).equals(CCF)) {
            return new NoLongerWaiting();
        }
        for (int i = 0; i < size; i++) {
            String code = codeAt(e, i);
            if (code.equals(CCF) || code.equals("TransactionConflict")) {
                return new Retry();
            }
        }
        return retryable(e);
    }

    private static Reservation withStatus(Reservation r, ReservationStatus status, int applied) {
        return new Reservation(r.tenantId(), r.orderId(), status, r.lines(), r.chunkLines(), applied, r.operation(),
                r.progress(), r.createdAt(), r.updatedAt(), r.expiresAt(), r.taskToken(), r.reason());
    }

    /**
     * Releases a reservation's units: a held one entirely (status {@code to}: RELEASED on cancel, EXPIRED when the
     * reconciler frees it for a new attempt), a pending one as far as it was applied. Idempotent.
     *
     * @return the reservation after the release
     */
    public Reservation release(Reservation current, ReservationStatus to, String reason, String actor) {
        if (current.status() == ReservationStatus.PENDING) {
            return rollBack(current.tenantId(), current.orderId(), reason);
        }
        if (current.status() != ReservationStatus.HELD) {
            return current;
        }
        return runOperation(current, "RELEASE", ReservationStatus.HELD, to, current.lines(), MovementKind.RELEASE,
                reason, actor);
    }

    /** Commits a held reservation: its units leave on hand with the shipment. Idempotent. */
    public Reservation commit(Reservation current, String actor) {
        if (current.status() != ReservationStatus.HELD) {
            return current;
        }
        return runOperation(current, "COMMIT", ReservationStatus.HELD, ReservationStatus.COMMITTED, current.lines(),
                MovementKind.COMMIT, "shipped", actor);
    }

    /** Puts a committed reservation's units back on hand (a return). Idempotent. */
    public Reservation restock(Reservation current, String actor) {
        if (current.status() != ReservationStatus.COMMITTED) {
            return current;
        }
        return runOperation(current, "RESTOCK", ReservationStatus.COMMITTED, ReservationStatus.RESTOCKED,
                current.lines(), MovementKind.RESTOCK, "returned", actor);
    }

    /** Marks that an order without a reservation must never get one (it was cancelled). Idempotent. */
    public Reservation markReleased(String tenant, String orderId, String reason) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<Reservation> current = reservation(tenant, orderId);
            if (current.isPresent() && current.get().status() != ReservationStatus.EXPIRED) {
                return current.get();
            }
            Instant now = clock.instant();
            Map<String, AttributeValue> item = InventoryItems.reservationItem(new Reservation(tenant, orderId,
                    ReservationStatus.RELEASED, List.of(), stock.chunkLines(), 0, null, 0, now, now, null, null,
                    reason));
            item.put("purgeAt", n(now.plus(PURGE_AFTER).getEpochSecond()));
            try {
                dynamo.putItem(r -> r.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(pk) OR #status = :expired")
                        .expressionAttributeNames(Map.of("#status", "status"))
                        .expressionAttributeValues(Map.of(":expired", s(ReservationStatus.EXPIRED.name()))));
                return InventoryItems.reservation(item);
            } catch (ConditionalCheckFailedException | TransactionConflictException e) {
                Backoff.pause(attempt);
            }
        }
        throw new TransientFailure("the reservation of order " + orderId + " kept changing; try again");
    }

    private Reservation rollBack(String tenant, String orderId, String reason) {
        Reservation current = reservation(tenant, orderId).orElseThrow();
        if (current.status() != ReservationStatus.PENDING) {
            return current;
        }
        int appliedLines = Math.min(current.lines().size(), current.applied() * current.chunkLines());
        return runOperation(current, "ROLLBACK", ReservationStatus.PENDING, ReservationStatus.EXPIRED,
                current.lines().subList(0, appliedLines), MovementKind.RELEASE, reason, "inventory");
    }

    /**
     * Applies a multi-line change of a reservation's stock, one transaction per chunk of lines, each one moving
     * the reservation's progress counter on the condition that it is where this writer left it. A writer that
     * finds the counter moved (another writer, a retry) continues from it, so every chunk is applied exactly once.
     */
    private Reservation runOperation(Reservation current, String operation, ReservationStatus from,
                                     ReservationStatus to, List<Allocation> lines, MovementKind kind, String reason,
                                     String actor) {
        Reservation r = current;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS * 2; attempt++) {
            if (r.status() != from) {
                return r;
            }
            if (r.operation() != null && !r.operation().equals(operation)) {
                throw new TransientFailure("order " + r.orderId() + " has " + r.operation() + " in progress");
            }
            List<List<Allocation>> chunks = chunks(lines, r.chunkLines());
            int i = operation.equals(r.operation()) ? r.progress() : 0;
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(progressUpdate(r, operation, i, i == chunks.size() - 1, from, to, reason));
            for (Allocation line : chunks.get(i)) {
                items.add(operationStockUpdate(r.tenantId(), line, kind));
                long onHand = kind == MovementKind.COMMIT ? -line.quantity()
                        : kind == MovementKind.RESTOCK ? line.quantity() : 0;
                long reserved = kind == MovementKind.RESTOCK ? 0 : -line.quantity();
                items.add(put(InventoryItems.movementItem(r.tenantId(), stock.movement(line.sku(), line.location(),
                        kind, onHand, reserved, r.orderId(), reason, actor)), null, Map.of()));
            }
            try {
                transact(items);
            } catch (TransactionCanceledException e) {
                for (int k = 1; k < items.size(); k++) {
                    if (codeAt(e, k).equals(CCF)) {
                        throw new IllegalStateException("stock of order " + r.orderId() + "'s lines does not hold "
                                + "its reserved units; the inventory data is inconsistent");
                    }
                }
                Backoff.pause(attempt);
            }
            r = reservation(r.tenantId(), r.orderId()).orElseThrow();
        }
        throw new TransientFailure(operation + " of order " + current.orderId() + " kept conflicting; try again");
    }

    private TransactWriteItem progressUpdate(Reservation r, String operation, int chunk, boolean last,
                                             ReservationStatus from, ReservationStatus to, String reason) {
        Instant now = clock.instant();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":from", s(from.name()));
        values.put(":now", s(now.toString()));
        String condition = "#status = :from AND "
                + (chunk == 0 ? "attribute_not_exists(operation)" : "operation = :op AND progress = :i");
        if (chunk > 0) {
            values.put(":op", s(operation));
            values.put(":i", n(chunk));
        }
        String set;
        if (last) {
            values.put(":to", s(to.name()));
            values.put(":reason", s(reason == null ? to.name().toLowerCase() : reason));
            set = "SET #status = :to, updatedAt = :now, reason = :reason";
            String remove = " REMOVE operation, progress, applied";
            if (to != ReservationStatus.HELD) {
                remove += ", gsi2pk, gsi2sk";
            }
            if (to == ReservationStatus.RELEASED || to == ReservationStatus.RESTOCKED) {
                values.put(":purge", n(now.plus(PURGE_AFTER).getEpochSecond()));
                set += ", purgeAt = :purge";
            }
            set += remove;
        } else {
            if (chunk == 0) {
                values.put(":op", s(operation));
            }
            values.put(":next", n(chunk + 1));
            set = "SET operation = :op, progress = :next, updatedAt = :now";
        }
        return update(InventoryKeys.orderPk(r.tenantId(), r.orderId()), InventoryKeys.RESERVATION, set, condition,
                values);
    }

    private TransactWriteItem operationStockUpdate(String tenant, Allocation line, MovementKind kind) {
        Map<String, AttributeValue> q = Map.of(":q", n(line.quantity()));
        return switch (kind) {
            case RELEASE -> stock.stockUpdate(tenant, line.sku(), line.location(), 0, -line.quantity(),
                    "reserved >= :q", q);
            case COMMIT -> stock.stockUpdate(tenant, line.sku(), line.location(), -line.quantity(), -line.quantity(),
                    "reserved >= :q AND onHand >= :q", q);
            case RESTOCK -> stock.stockUpdate(tenant, line.sku(), line.location(), line.quantity(), 0, null, Map.of());
            default -> throw new IllegalArgumentException(kind + " is not a reservation operation");
        };
    }

    /** Moves a held reservation's expiry (the order is progressing, only slowly). */
    public void extend(Reservation current, Instant expiresAt) {
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(key(InventoryKeys.orderPk(current.tenantId(), current.orderId()), InventoryKeys.RESERVATION))
                    .updateExpression("SET expiresAt = :at, gsi2sk = :key, updatedAt = :now")
                    .conditionExpression("#status = :held")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":at", s(expiresAt.toString()),
                            ":key", s(InventoryKeys.expiryKey(expiresAt, current.tenantId(), current.orderId())),
                            ":now", s(clock.instant().toString()), ":held", s(ReservationStatus.HELD.name()))));
        } catch (ConditionalCheckFailedException e) {
            LOG.debug("reservation of order {} is no longer held; not extended", current.orderId());
        }
    }

    /** Held or pending reservations whose expiry has passed, at most {@code limit} per index shard. */
    public List<Reservation> expired(Instant now, int limit) {
        List<Reservation> due = new ArrayList<>();
        for (int shard = 0; shard < InventoryKeys.EXPIRY_SHARDS; shard++) {
            String partition = "RES#" + shard;
            QueryResponse response = dynamo.query(q -> q.tableName(table).indexName("byExpiry")
                    .keyConditionExpression("gsi2pk = :p AND gsi2sk < :bound")
                    .expressionAttributeValues(Map.of(":p", s(partition),
                            ":bound", s(Times.sortable(now) + "$")))
                    .limit(limit));
            List<Map<String, AttributeValue>> keys = response.items().stream()
                    .map(item -> Map.of("pk", item.get("pk"), "sk", item.get("sk"))).toList();
            batchGet(keys).values().stream().map(InventoryItems::reservation)
                    .filter(r -> r.status() == ReservationStatus.HELD || r.status() == ReservationStatus.PENDING)
                    .filter(r -> r.expiresAt() != null && !r.expiresAt().isAfter(now))
                    .forEach(due::add);
        }
        return due;
    }

    private TransactWriteItem waitingDelete(WaitingOrder waiting) {
        Delete.Builder delete = Delete.builder().tableName(table)
                .key(key(InventoryKeys.orderPk(waiting.tenantId(), waiting.orderId()), InventoryKeys.WAITING));
        if (waiting.taskToken() == null) {
            delete.conditionExpression("attribute_exists(pk) AND attribute_not_exists(taskToken)");
        } else {
            delete.conditionExpression("attribute_exists(pk) AND taskToken = :t")
                    .expressionAttributeValues(Map.of(":t", s(waiting.taskToken())));
        }
        return TransactWriteItem.builder().delete(delete.build()).build();
    }

    /** The stock changed under a reservation: plan again. */
    private static final class Retry extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Retry() {
            super(null, null, false, false);
        }
    }

    /** The order already has a reservation. */
    private static final class AlreadyReserved extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyReserved() {
            super(null, null, false, false);
        }
    }

    /** The order's back-order entry is gone or changed. */
    private static final class NoLongerWaiting extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoLongerWaiting() {
            super(null, null, false, false);
        }
    }
}
