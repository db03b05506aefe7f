package com.creatorflow.shared.aftersale;

import com.creatorflow.shared.aftersale.domain.BuyerRequest;
import com.creatorflow.shared.aws.Cursors;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.PreconditionFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.store.domain.Page;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Buyers' requests in the after-sales table ({@code AFTERSALES_TABLE}): partition = tenant, sort key =
 * {@code <KIND>#<requestId>}, so every read is scoped to the tenant and a kind lists with one query. Writes are
 * versioned (a conditional put on {@code version}).
 */
public final class BuyerRequestStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public BuyerRequestStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The store of a function ({@code AFTERSALES_TABLE}). */
    public static BuyerRequestStore fromEnv(Env env) {
        return new BuyerRequestStore(env.aws().dynamo(), env.require("AFTERSALES_TABLE"));
    }

    /** One request of a tenant. */
    public Optional<BuyerRequest> find(String tenantId, BuyerRequest.Kind kind, String requestId) {
        var item = dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(
                "tenantId", AttributeValue.fromS(tenantId), "requestKey", AttributeValue.fromS(key(kind, requestId)))));
        return item.hasItem() && !item.item().isEmpty() ? Optional.of(read(item.item())) : Optional.empty();
    }

    /** Stores a new request as version 1; returns the stored one when it already exists. */
    public BuyerRequest createIfAbsent(BuyerRequest request) {
        BuyerRequest first = withVersion(request, 1);
        try {
            dynamo.putItem(r -> r.tableName(table).item(item(first))
                    .conditionExpression("attribute_not_exists(requestKey)"));
            return first;
        } catch (ConditionalCheckFailedException exists) {
            return find(request.tenantId(), request.kind(), request.requestId()).orElseThrow();
        }
    }

    /**
     * Stores a change of a request read at its version; a change by someone else meanwhile is a
     * {@link PreconditionFailed} (read again).
     */
    public BuyerRequest save(BuyerRequest changed) {
        BuyerRequest next = withVersion(changed, changed.version() + 1);
        try {
            dynamo.putItem(r -> r.tableName(table).item(item(next)).conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Long.toString(changed.version())))));
            return next;
        } catch (ConditionalCheckFailedException moved) {
            throw new PreconditionFailed("request " + changed.requestId() + " changed meanwhile; read it again");
        }
    }

    /** A tenant's requests of one kind, optionally only those with a status and/or of an order. */
    public Page<BuyerRequest> list(String tenantId, BuyerRequest.Kind kind, String status, String orderId, int limit,
                                   String cursor) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":t", AttributeValue.fromS(tenantId));
        values.put(":k", AttributeValue.fromS(kind.name() + "#"));
        List<String> filters = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        if (status != null) {
            filters.add("#s = :s");
            names.put("#s", "status");
            values.put(":s", AttributeValue.fromS(status));
        }
        if (orderId != null) {
            filters.add("orderId = :o");
            values.put(":o", AttributeValue.fromS(orderId));
        }
        QueryRequest.Builder query = QueryRequest.builder().tableName(table)
                .keyConditionExpression("tenantId = :t AND begins_with(requestKey, :k)")
                .expressionAttributeValues(values).limit(Math.max(1, Math.min(100, limit)));
        if (!filters.isEmpty()) {
            query.filterExpression(String.join(" AND ", filters));
        }
        if (!names.isEmpty()) {
            query.expressionAttributeNames(names);
        }
        if (cursor != null && !cursor.isBlank()) {
            query.exclusiveStartKey(Cursors.decode(tenantId, cursor, "tenantId"));
        }
        QueryResponse response = dynamo.query(query.build());
        return new Page<>(response.items().stream().map(BuyerRequestStore::read).toList(),
                response.hasLastEvaluatedKey() ? Cursors.encode(response.lastEvaluatedKey()) : null);
    }

    private static String key(BuyerRequest.Kind kind, String requestId) {
        return kind.name() + "#" + requestId;
    }

    private static BuyerRequest withVersion(BuyerRequest r, long version) {
        return new BuyerRequest(r.tenantId(), r.kind(), r.requestId(), r.orderId(), r.shopId(), r.returnType(),
                r.reason(), r.tiktokStatus(), r.status(), r.decision(), r.createdAt(), r.updatedAt(), version);
    }

    private static Map<String, AttributeValue> item(BuyerRequest request) {
        return Map.of("tenantId", AttributeValue.fromS(request.tenantId()),
                "requestKey", AttributeValue.fromS(key(request.kind(), request.requestId())),
                "orderId", AttributeValue.fromS(request.orderId()),
                "status", AttributeValue.fromS(request.status()),
                "version", AttributeValue.fromN(Long.toString(request.version())),
                "doc", AttributeValue.fromS(Json.write(request)));
    }

    private static BuyerRequest read(Map<String, AttributeValue> item) {
        return Json.read(item.get("doc").s(), BuyerRequest.class);
    }
}
