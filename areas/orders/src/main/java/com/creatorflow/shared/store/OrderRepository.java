package com.creatorflow.shared.store;

import com.creatorflow.shared.aws.BatchReads;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.crypto.PiiResealing;
import com.creatorflow.shared.error.OrderAlreadyExists;
import com.creatorflow.shared.error.OrderNotFound;
import com.creatorflow.shared.error.VersionConflict;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.lifecycle.Lifecycle;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.store.domain.AuditRecord;
import com.creatorflow.shared.store.domain.AuditVerification;
import com.creatorflow.shared.store.domain.OrderQuery;
import com.creatorflow.shared.store.domain.Page;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Orders in DynamoDB, partitioned by tenant. Every change (creation, lifecycle transition, data update) is one
 * {@code TransactWriteItems}: the order put on the condition that its version is still the one read, and its audit
 * entry appended on the condition that the sequence is new. Of two concurrent changes from the same version exactly
 * one wins; the other gets {@link VersionConflict}. Reads are key lookups or index queries, never scans (but for
 * the operator's re-encryption pass over every tenant, {@link #resealPii}).
 */
public final class OrderRepository {
    private static final int MAX_PAGE = 100;

    private final DynamoDbClient dynamo;
    private final String table;
    private final AuditLog audit;
    private final OrderItemMapper mapper;
    private final OrderListing listing;
    private final Clock clock;

    /**
     * @param dynamo the DynamoDB client
     * @param ordersTable the Orders table name
     * @param auditTable the AuditLog table name
     * @param cipher the PII cipher
     * @param clock the clock stamped on changes
     */
    public OrderRepository(DynamoDbClient dynamo, String ordersTable, String auditTable, PiiCipher cipher,
                           Clock clock) {
        this.dynamo = dynamo;
        this.table = ordersTable;
        this.audit = new AuditLog(dynamo, auditTable);
        this.mapper = new OrderItemMapper(cipher);
        this.listing = new OrderListing(dynamo, ordersTable, mapper, cipher);
        this.clock = clock;
    }

    /** The repository wired from {@code ORDERS_TABLE}, {@code AUDIT_TABLE} and the PII key of an environment. */
    public static OrderRepository fromEnv(Env env) {
        return new OrderRepository(env.aws().dynamo(), env.require("ORDERS_TABLE"), env.require("AUDIT_TABLE"),
                PiiCipher.fromEnv(env), Clock.systemUTC());
    }

    /** The audit trail these orders are written with. */
    public AuditLog audit() {
        return audit;
    }

    /**
     * Stores a new order at version 1 with its CREATED audit entry; fails if the id is taken, and refuses a state
     * that is not one of {@link Lifecycle#entryStates()} (an order reaches the others only by legal moves).
     */
    public Order create(Order order, String actor, String reason) {
        if (!Lifecycle.isEntry(order.state())) {
            throw new IllegalArgumentException("an order cannot be created " + order.state() + "; it starts in one of "
                    + Lifecycle.entryStates());
        }
        Creation creation = creation(order, actor, reason);
        try {
            dynamo.transactWriteItems(r -> r.transactItems(creation.items()));
        } catch (TransactionCanceledException e) {
            throw new OrderAlreadyExists(order.orderId());
        }
        return creation.stored();
    }

    /**
     * The puts {@link #create} makes in its transaction (the order, its CREATED audit entry, its lookup entries),
     * for bulk loads that write many orders in their final form with BatchWriteItem (which checks no condition).
     */
    public List<Put> creationPuts(Order order, String actor, String reason) {
        return creation(order, actor, reason).items().stream().map(TransactWriteItem::put).toList();
    }

    /** A creation: the order as stored and the transaction's items. */
    private record Creation(Order stored, List<TransactWriteItem> items) {
    }

    private Creation creation(Order order, String actor, String reason) {
        Instant now = clock.instant();
        Order draft = order.toBuilder().version(1).createdAt(now).updatedAt(now).build();
        AuditRecord entry = AuditRecord.of(AuditLog.orderKey(draft.tenantId(), draft.orderId()), 1, now, actor,
                "CREATED", null, draft.state().name(), reason, null, AuditRecord.GENESIS);
        Order stored = draft.toBuilder().auditHead(entry.hash()).build();
        Put put = Put.builder().tableName(table).item(mapper.toItem(stored))
                .conditionExpression("attribute_not_exists(orderId)").build();
        List<TransactWriteItem> items = new ArrayList<>(List.of(TransactWriteItem.builder().put(put).build(),
                TransactWriteItem.builder().put(audit.appendPut(entry, draft.shopId())).build()));
        items.addAll(lookupChanges(null, stored));
        return new Creation(stored, List.copyOf(items));
    }

    /** The order, if this tenant has one with this id (strongly consistent). */
    public Optional<Order> find(String tenantId, String orderId) {
        var response = dynamo.getItem(r -> r.tableName(table).key(key(tenantId, orderId)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(mapper.fromItem(response.item())) : Optional.empty();
    }

    /**
     * The priority of each of a tenant's orders among these ids (those that exist), read from the stored document
     * without opening its personal data.
     */
    public Map<String, Integer> priorities(String tenantId, List<String> orderIds) {
        List<Map<String, AttributeValue>> keys = orderIds.stream().map(id -> key(tenantId, id)).toList();
        Map<String, Integer> found = new java.util.HashMap<>();
        BatchReads.get(dynamo, table, keys).forEach(item -> found.put(item.get("orderId").s(),
                Json.tree(OrderItemMapper.document(item)).path("priority").asInt(0)));
        return found;
    }

    /** The order, or {@link OrderNotFound}. Another tenant's order is "not found" too. */
    public Order get(String tenantId, String orderId) {
        return find(tenantId, orderId).orElseThrow(() -> new OrderNotFound(orderId));
    }

    /** Moves an order to another state (checked against the lifecycle) with its audit entry. */
    public Order transition(Order current, OrderState to, String actor, String reason) {
        return transition(current, to, actor, reason, null, UnaryOperator.identity());
    }

    /**
     * Moves an order to another state and changes its data in the same write.
     *
     * @param current the order as read (its version is the write condition)
     * @param to the target state
     * @param actor who moves it
     * @param reason why, in words
     * @param details extra facts for the audit entry (a JSON-able value, may be null)
     * @param alsoChange further changes to the order in the same write
     */
    public Order transition(Order current, OrderState to, String actor, String reason, Object details,
                            UnaryOperator<Order.Builder> alsoChange) {
        return transition(current, to, actor, reason, details, alsoChange, List.of());
    }

    /**
     * {@link #transition(Order, OrderState, String, String, Object, UnaryOperator)} with further items written in the
     * same transaction (a record that must exist exactly when the change does). When one of them fails its condition
     * the whole change is refused with the {@link TransactionCanceledException}, whose reasons list the order, the
     * audit entry and then these items in order.
     */
    public Order transition(Order current, OrderState to, String actor, String reason, Object details,
                            UnaryOperator<Order.Builder> alsoChange, List<TransactWriteItem> alongside) {
        Lifecycle.check(current, to);
        return commit(current, moved(current, to, reason, alsoChange), actor, "TRANSITION", reason, details,
                alongside);
    }

    /**
     * A lifecycle transition built but not written, for another store's transaction (checked against the lifecycle
     * now). Its items are the order's version-conditioned put and its audit entry, in that order, then the changes of
     * its lookup entries ({@link OrderLookups}; none unless tracking numbers or buyer change); when the
     * transaction commits the order is {@code after}, and when the order's item fails its condition the order had
     * changed since it was read.
     */
    public record PreparedChange(Order after, List<TransactWriteItem> items) {
    }

    /** Builds the transition of an order to a state (see {@link PreparedChange}). */
    public PreparedChange prepareTransition(Order current, OrderState to, String actor, String reason) {
        Lifecycle.check(current, to);
        return prepare(current, moved(current, to, reason, UnaryOperator.identity()), actor, "TRANSITION", reason,
                null);
    }

    private static Order.Builder moved(Order current, OrderState to, String reason,
                                       UnaryOperator<Order.Builder> alsoChange) {
        Order.Builder next = alsoChange.apply(current.toBuilder()).state(to);
        if (to == OrderState.NEEDS_ATTENTION) {
            next.attentionFrom(current.state()).attentionReason(reason);
        } else if (current.state() == OrderState.NEEDS_ATTENTION) {
            next.attentionFrom(null).attentionReason(null);
        }
        return next;
    }

    /** Changes an order's data without moving its state (address update, tags, tracking), with an audit entry. */
    public Order update(Order current, String actor, String action, String reason, Object details,
                        UnaryOperator<Order.Builder> change) {
        return update(current, actor, action, reason, details, change, List.of());
    }

    /** {@link #update(Order, String, String, String, Object, UnaryOperator)} with further items in the same write. */
    public Order update(Order current, String actor, String action, String reason, Object details,
                        UnaryOperator<Order.Builder> change, List<TransactWriteItem> alongside) {
        Order.Builder next = change.apply(current.toBuilder()).state(current.state());
        return commit(current, next, actor, action, reason, details, alongside);
    }

    private Order commit(Order current, Order.Builder next, String actor, String action, String reason,
                         Object details, List<TransactWriteItem> alongside) {
        PreparedChange change = prepare(current, next, actor, action, reason, details);
        List<TransactWriteItem> items = new ArrayList<>(change.items().subList(0, 2));
        items.addAll(alongside);
        items.addAll(change.items().subList(2, change.items().size()));
        try {
            dynamo.transactWriteItems(r -> r.transactItems(items));
        } catch (TransactionCanceledException e) {
            throw conflict(e, current);
        }
        return change.after();
    }

    private PreparedChange prepare(Order current, Order.Builder next, String actor, String action, String reason,
                                   Object details) {
        Instant now = clock.instant();
        long version = current.version() + 1;
        AuditRecord entry = AuditRecord.of(AuditLog.orderKey(current.tenantId(), current.orderId()), version, now,
                actor, action, current.state().name(), next.build().state().name(), reason,
                details == null ? null : Json.write(details), current.auditHead() == null
                        ? AuditRecord.GENESIS : current.auditHead());
        Order updated = next.version(version).updatedAt(now).auditHead(entry.hash()).build();
        Put put = Put.builder().tableName(table).item(mapper.toItem(updated))
                .conditionExpression("version = :expected")
                .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(current.version()))))
                .build();
        List<TransactWriteItem> items = new ArrayList<>(List.of(TransactWriteItem.builder().put(put).build(),
                TransactWriteItem.builder().put(audit.appendPut(entry, current.shopId())).build()));
        items.addAll(lookupChanges(current, updated));
        return new PreparedChange(updated, List.copyOf(items));
    }

    /** Puts of the lookup entries an order gains and deletes of those it loses (the same value twice is one). */
    private List<TransactWriteItem> lookupChanges(Order before, Order after) {
        Set<String> old = before == null ? Set.of() : OrderLookups.of(before, mapper.cipher());
        Set<String> now = OrderLookups.of(after, mapper.cipher());
        List<TransactWriteItem> changes = new ArrayList<>();
        for (String partition : now) {
            if (!old.contains(partition)) {
                changes.add(TransactWriteItem.builder().put(Put.builder().tableName(table)
                        .item(key(partition, after.orderId())).build()).build());
            }
        }
        for (String partition : old) {
            if (!now.contains(partition)) {
                changes.add(TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                        .key(key(partition, after.orderId())).build()).build());
            }
        }
        return changes;
    }

    private RuntimeException conflict(TransactionCanceledException e, Order current) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        boolean orderCheckFailed = !reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code());
        boolean auditCheckFailed = reasons.size() > 1 && "ConditionalCheckFailed".equals(reasons.get(1).code());
        if (orderCheckFailed || auditCheckFailed) {
            if (find(current.tenantId(), current.orderId()).isEmpty()) {
                return new OrderNotFound(current.orderId());
            }
            return new VersionConflict(current.orderId(), current.version());
        }
        return e;
    }

    /** A tenant's orders in one state, most recently updated first. */
    public Page<Order> listByState(String tenantId, OrderState state, int limit, String cursor) {
        return search(tenantId, OrderQuery.builder().state(state).build(), limit, cursor);
    }

    /** A tenant's orders, most recently updated first. */
    public Page<Order> listRecent(String tenantId, int limit, String cursor) {
        return search(tenantId, OrderQuery.all(), limit, cursor);
    }

    /**
     * A tenant's orders matching a query, newest first by the query's sort time. A page holds {@code limit} orders
     * unless the matches end or the read budget does ({@link OrderListing}); the next cursor continues it.
     */
    public Page<Order> search(String tenantId, OrderQuery query, int limit, String cursor) {
        return listing.list(tenantId, query, false, Math.max(1, Math.min(MAX_PAGE, limit)), cursor);
    }

    /**
     * A tenant's orders in a state that have not changed since {@code updatedBefore}, the longest unchanged first
     * (the {@code byState} index; for sweeps that look for stuck orders).
     */
    public Page<Order> unchangedSince(String tenantId, OrderState state, Instant updatedBefore, int limit,
                                      String cursor) {
        return listing.list(tenantId, OrderQuery.builder().state(state).updated(null, updatedBefore).build(), true,
                Math.max(1, Math.min(MAX_PAGE, limit)), cursor);
    }

    /** An order's audit trail, oldest first. */
    public List<AuditRecord> history(String tenantId, String orderId) {
        return audit.history(tenantId, orderId);
    }

    /** Verifies an order's audit trail against the order. */
    public AuditVerification verifyAudit(Order order) {
        return AuditLog.verify(audit.history(order.tenantId(), order.orderId()), order.version(), order.auditHead());
    }

    /**
     * Re-seals the personal data of a tenant's orders (every tenant's when {@code tenantId} is null: a scan, for an
     * operator's pass after a key rotation) with the current key version. Each write is conditioned on the order's
     * version, so a concurrent change wins and the order is read again; the order's version and audit trail are
     * untouched because its content does not change. See {@link PiiResealing}.
     */
    public PiiResealing.Tally resealPii(String tenantId) {
        String projection = "tenantId, orderId, version, pii";
        Iterable<Map<String, AttributeValue>> items = tenantId == null
                ? dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true).projectionExpression(projection))
                        .items()
                : dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true).projectionExpression(projection)
                        .keyConditionExpression("tenantId = :t")
                        .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenantId)))).items();
        return PiiResealing.run(dynamo, items,
                item -> mapper.resealedPii(item).map(pii -> UpdateItemRequest.builder().tableName(table)
                        .key(key(item.get("tenantId").s(), item.get("orderId").s()))
                        .updateExpression("SET pii = :pii").conditionExpression("version = :read")
                        .expressionAttributeValues(Map.of(":pii", AttributeValue.fromB(SdkBytes.fromByteArray(pii)),
                                ":read", item.get("version")))
                        .build()),
                item -> dynamo.getItem(r -> r.tableName(table).consistentRead(true).projectionExpression(projection)
                        .key(key(item.get("tenantId").s(), item.get("orderId").s()))).item(),
                item -> "order " + item.get("tenantId").s() + "/" + item.get("orderId").s());
    }

    static Map<String, AttributeValue> key(String tenantId, String orderId) {
        return Map.of("tenantId", AttributeValue.fromS(tenantId), "orderId", AttributeValue.fromS(orderId));
    }
}
