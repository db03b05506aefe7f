package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.WaitingOrder;
import static com.creatorflow.shared.inventory.InventoryItems.s;

import com.creatorflow.shared.store.domain.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The back-order list: orders waiting for stock, each with one entry (its needs, since when, its priority, the
 * location a routing rule holds it to, its workflow's task token) and one index entry per SKU it needs, so that the
 * arrival of a SKU finds its waiting orders highest priority first, then oldest first.
 */
public final class BackorderList extends InventoryStore {
    BackorderList(InventoryStore store) {
        super(store);
    }

    /**
     * Puts an order on the back-order list (idempotent: an order already waiting keeps its place).
     *
     * @return the entry as stored
     */
    public WaitingOrder enqueue(String tenant, String orderId, Map<String, Integer> needs) {
        return enqueue(tenant, orderId, needs, null, 0);
    }

    /**
     * Puts an order on the back-order list with its priority (higher is served first) and, when a routing rule
     * holds it to one, the location it waits for.
     *
     * @return the entry as stored
     */
    public WaitingOrder enqueue(String tenant, String orderId, Map<String, Integer> needs, String location,
                                int priority) {
        Instant since = clock.instant();
        Map<String, AttributeValue> entry = new HashMap<>();
        entry.put("pk", s(InventoryKeys.orderPk(tenant, orderId)));
        entry.put("sk", s(InventoryKeys.WAITING));
        entry.put("type", s("BACKORDER"));
        entry.put("tenantId", s(tenant));
        entry.put("orderId", s(orderId));
        entry.put("needs", InventoryItems.needs(needs));
        entry.put("since", s(since.toString()));
        entry.put("priority", InventoryItems.n(priority));
        if (location != null) {
            entry.put("location", s(location));
        }
        entry.put("gsi1pk", s(InventoryKeys.backorderCollection(tenant)));
        entry.put("gsi1sk", s(InventoryKeys.waitingSk(since, orderId)));
        List<TransactWriteItem> index = new ArrayList<>();
        for (String sku : needs.keySet()) {
            index.add(put(Map.of("pk", s(InventoryKeys.waitingSkuPk(tenant, sku)),
                    "sk", s(InventoryKeys.waitingSkuSk(priority, since, orderId)), "orderId", s(orderId)), null,
                    Map.of()));
        }
        List<TransactWriteItem> all = new ArrayList<>(index);
        all.add(put(entry, "attribute_not_exists(pk)", Map.of()));
        try {
            if (all.size() <= maxTransactItems) {
                transact(all);
            } else {
                for (List<TransactWriteItem> part : chunks(index, maxTransactItems)) {
                    transact(part);
                }
                transact(List.of(all.get(all.size() - 1)));
            }
        } catch (TransactionCanceledException e) {
            Optional<WaitingOrder> existing = waiting(tenant, orderId);
            if (existing.isPresent()) {
                removeIndex(tenant, orderId, needs.keySet(), since, priority);
                return existing.get();
            }
            throw retryable(e);
        }
        return InventoryItems.waitingOrder(entry);
    }

    /** The order's back-order entry, if it waits. */
    public Optional<WaitingOrder> waiting(String tenant, String orderId) {
        var response = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(InventoryKeys.orderPk(tenant, orderId), InventoryKeys.WAITING)));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(InventoryItems.waitingOrder(response.item())) : Optional.empty();
    }

    /**
     * Positions on a SKU's back-order index, highest priority then oldest first: {@code <rank>#<since>#<orderId>},
     * so positions of several SKUs merge into one order.
     */
    public List<String> waitingFor(String tenant, String sku, int limit) {
        QueryResponse response = dynamo.query(q -> q.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(InventoryKeys.waitingSkuPk(tenant, sku))))
                .limit(Math.max(1, limit)));
        return response.items().stream().map(item -> item.get("sk").s()).toList();
    }

    /** The order id of a back-order index position. */
    public static String orderOf(String position) {
        return position.substring(position.lastIndexOf('#') + 1);
    }

    /** A tenant's back-order list, oldest first. */
    public Page<WaitingOrder> list(String tenant, int limit, String cursor) {
        Page<Map<String, AttributeValue>> page = collection(tenant, InventoryKeys.backorderCollection(tenant), limit,
                cursor);
        return new Page<>(page.items().stream().map(InventoryItems::waitingOrder).toList(), page.nextCursor());
    }

    /** Stores the waiting workflow's task token on the order's entry; false when the order no longer waits. */
    public boolean attachTaskToken(String tenant, String orderId, String taskToken) {
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(key(InventoryKeys.orderPk(tenant, orderId), InventoryKeys.WAITING))
                    .updateExpression("SET taskToken = :t")
                    .conditionExpression("attribute_exists(pk)")
                    .expressionAttributeValues(Map.of(":t", s(taskToken))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Takes an order off the back-order list (cancelled); returns the entry it had, if any. */
    public Optional<WaitingOrder> dequeue(String tenant, String orderId) {
        var response = dynamo.deleteItem(r -> r.tableName(table)
                .key(key(InventoryKeys.orderPk(tenant, orderId), InventoryKeys.WAITING))
                .returnValues(ReturnValue.ALL_OLD));
        if (!response.hasAttributes() || response.attributes().isEmpty()) {
            return Optional.empty();
        }
        WaitingOrder entry = InventoryItems.waitingOrder(response.attributes());
        removeIndex(tenant, orderId, entry.needs().keySet(), entry.since(), entry.priority());
        return Optional.of(entry);
    }

    /** Removes an order's per-SKU back-order index entries (after it left the list). */
    public void removeIndex(String tenant, String orderId, Collection<String> skus, Instant since, int priority) {
        for (String sku : skus) {
            dynamo.deleteItem(r -> r.tableName(table).key(key(InventoryKeys.waitingSkuPk(tenant, sku),
                    InventoryKeys.waitingSkuSk(priority, since, orderId))));
        }
    }

    /** Removes one stale per-SKU index entry (its order no longer waits). */
    public void removeIndexEntry(String tenant, String sku, String position) {
        dynamo.deleteItem(r -> r.tableName(table).key(key(InventoryKeys.waitingSkuPk(tenant, sku), position)));
    }
}
