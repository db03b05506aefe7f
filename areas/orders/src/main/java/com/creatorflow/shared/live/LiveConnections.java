package com.creatorflow.shared.live;

import com.creatorflow.shared.config.Env;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The open live-feed connections in the {@code LiveConnectionsTable} (partition {@code pk}, sort {@code sk}, TTL
 * {@code expiresAt}): one item per connection under its tenant ({@code tenant#<tenantId>}, the fan-out's query) and
 * one under the connection itself ({@code connection#<id>}, naming its tenant for resume and disconnect). Both are
 * written and removed together. API Gateway closes a WebSocket after two hours, so items expire after that.
 */
public final class LiveConnections {
    /** How long a connection item lives without being registered again. */
    public static final Duration LIFETIME = Duration.ofHours(2);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    /** Connections in a table. */
    public LiveConnections(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** The connections on {@code LIVE_CONNECTIONS_TABLE}. */
    public static LiveConnections fromEnv(Env env) {
        return new LiveConnections(env.aws().dynamo(), env.require("LIVE_CONNECTIONS_TABLE"), Clock.systemUTC());
    }

    /** Records (or refreshes) a tenant's open connection. */
    public void register(String tenantId, String connectionId) {
        AttributeValue expires = AttributeValue.fromN(Long.toString(clock.instant().plus(LIFETIME).getEpochSecond()));
        dynamo.transactWriteItems(r -> r.transactItems(
                put(Map.of("pk", AttributeValue.fromS(tenantKey(tenantId)), "sk", AttributeValue.fromS(connectionId),
                        "expiresAt", expires)),
                put(Map.of("pk", AttributeValue.fromS(connectionKey(connectionId)), "sk", AttributeValue.fromS("tenant"),
                        "tenantId", AttributeValue.fromS(tenantId), "expiresAt", expires))));
    }

    /** The tenant of an open connection. */
    public Optional<String> tenantOf(String connectionId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(
                "pk", AttributeValue.fromS(connectionKey(connectionId)), "sk", AttributeValue.fromS("tenant")))).item();
        return item == null || item.isEmpty() || expired(item) ? Optional.empty()
                : Optional.of(item.get("tenantId").s());
    }

    /** The ids of the tenant's open connections. */
    public List<String> of(String tenantId) {
        List<String> ids = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(tenantKey(tenantId)))))
                .items().forEach(item -> {
                    if (!expired(item)) {
                        ids.add(item.get("sk").s());
                    }
                });
        return ids;
    }

    /** Forgets a connection (closed by the client, or gone when a message was sent to it). */
    public void remove(String tenantId, String connectionId) {
        dynamo.transactWriteItems(r -> r.transactItems(
                delete(Map.of("pk", AttributeValue.fromS(tenantKey(tenantId)), "sk", AttributeValue.fromS(connectionId))),
                delete(Map.of("pk", AttributeValue.fromS(connectionKey(connectionId)),
                        "sk", AttributeValue.fromS("tenant")))));
    }

    private boolean expired(Map<String, AttributeValue> item) {
        AttributeValue expires = item.get("expiresAt");
        return expires != null && Long.parseLong(expires.n()) <= clock.instant().getEpochSecond();
    }

    private TransactWriteItem put(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }

    private TransactWriteItem delete(Map<String, AttributeValue> key) {
        return TransactWriteItem.builder().delete(Delete.builder().tableName(table).key(key).build()).build();
    }

    private static String tenantKey(String tenantId) {
        return "tenant#" + tenantId;
    }

    private static String connectionKey(String connectionId) {
        return "connection#" + connectionId;
    }
}
