package com.creatorflow.shared.inventory;

import static com.creatorflow.shared.inventory.InventoryItems.s;

import com.creatorflow.shared.aws.BatchReads;
import com.creatorflow.shared.aws.Cursors;
import com.creatorflow.shared.error.TransientFailure;
import com.creatorflow.shared.store.domain.Page;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * What the inventory stores share: the Inventory table, its client and clock, the transaction size, and the
 * plumbing of items, transactions, batch reads, index listings and retries.
 */
abstract class InventoryStore {
    static final int MAX_ATTEMPTS = 10;
    static final int MAX_PAGE = 100;
    static final String CCF = "ConditionalCheckFailed";

    final DynamoDbClient dynamo;
    final String table;
    final Clock clock;
    final int maxTransactItems;

    InventoryStore(DynamoDbClient dynamo, String table, Clock clock, int maxTransactItems) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.maxTransactItems = maxTransactItems;
    }

    InventoryStore(InventoryStore other) {
        this(other.dynamo, other.table, other.clock, other.maxTransactItems);
    }

    Page<Map<String, AttributeValue>> collection(String tenant, String partition, int limit, String cursor) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName("byCollection")
                .keyConditionExpression("gsi1pk = :p")
                .expressionAttributeValues(Map.of(":p", s(partition)))
                .limit(Math.max(1, Math.min(MAX_PAGE, limit)));
        if (cursor != null && !cursor.isBlank()) {
            query.exclusiveStartKey(Cursors.decode(tenant, cursor, "pk", "gsi1pk"));
        }
        QueryResponse response = dynamo.query(query.build());
        List<Map<String, AttributeValue>> keys = response.items().stream()
                .map(item -> Map.of("pk", item.get("pk"), "sk", item.get("sk"))).toList();
        Map<String, Map<String, AttributeValue>> loaded = batchGet(keys);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Map<String, AttributeValue> key : keys) {
            Map<String, AttributeValue> item = loaded.get(key.get("pk").s() + "|" + key.get("sk").s());
            if (item != null) {
                items.add(item);
            }
        }
        String next = response.hasLastEvaluatedKey() ? Cursors.encode(response.lastEvaluatedKey()) : null;
        return new Page<>(items, next);
    }

    Map<String, Map<String, AttributeValue>> batchGet(List<Map<String, AttributeValue>> keys) {
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        BatchReads.get(dynamo, table, keys).forEach(item -> found.put(item.get("pk").s() + "|" + item.get("sk").s(),
                item));
        return found;
    }

    void transact(List<TransactWriteItem> items) {
        if (items.size() > maxTransactItems) {
            throw new IllegalStateException(items.size() + " actions do not fit one transaction");
        }
        dynamo.transactWriteItems(r -> r.transactItems(items));
    }

    TransactWriteItem put(Map<String, AttributeValue> item, String condition,
                                  Map<String, AttributeValue> values) {
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (condition != null) {
            put.conditionExpression(condition);
            if (condition.contains("#status")) {
                put.expressionAttributeNames(Map.of("#status", "status"));
            }
            if (!values.isEmpty()) {
                put.expressionAttributeValues(values);
            }
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    TransactWriteItem update(String pk, String sk, String expression, String condition,
                                     Map<String, AttributeValue> values) {
        Update.Builder update = Update.builder().tableName(table).key(key(pk, sk)).updateExpression(expression)
                .conditionExpression(condition).expressionAttributeValues(values);
        if (expression.contains("#status") || condition.contains("#status")) {
            update.expressionAttributeNames(Map.of("#status", "status"));
        }
        return TransactWriteItem.builder().update(update.build()).build();
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        if (chunks.isEmpty()) {
            chunks.add(List.of());
        }
        return chunks;
    }

    static String codeAt(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        if (index >= reasons.size() || reasons.get(index).code() == null) {
            return "None";
        }
        return reasons.get(index).code();
    }

    static TransientFailure retryable(TransactionCanceledException e) {
        return new TransientFailure("inventory transaction cancelled: " + e.getMessage(), e);
    }
}
