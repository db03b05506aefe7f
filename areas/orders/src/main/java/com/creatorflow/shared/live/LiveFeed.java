package com.creatorflow.shared.live;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.store.AuditLog;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The live feed's reads of the AuditLog table: one change by its key (what the fan-out sends) and a tenant's
 * changes after an event id, oldest first (what a reconnecting client missed), through the index
 * {@code byTenantFeed} (partition {@code tenantId}, sort {@code feedKey}).
 */
public final class LiveFeed {
    /** The index of a tenant's audit entries in feed order. */
    public static final String INDEX = "byTenantFeed";
    private static final Pattern EVENT_ID = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z~[A-Za-z0-9_.:-]{1,128}~\\d{10}");

    private final DynamoDbClient dynamo;
    private final String table;

    /** The feed over an AuditLog table. */
    public LiveFeed(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The feed on {@code AUDIT_TABLE}. */
    public static LiveFeed fromEnv(Env env) {
        return new LiveFeed(env.aws().dynamo(), env.require("AUDIT_TABLE"));
    }

    /**
     * A client's event id, checked: the id of an event it received (a {@code feedKey}).
     *
     * @throws ValidationFailed naming the field when it is not one
     */
    public static String eventId(String field, String value) {
        if (value == null || !EVENT_ID.matcher(value).matches()) {
            throw new ValidationFailed(field, "must be the id of a received event, such as "
                    + "2026-12-07T08:00:00.000Z~576460752303423489~0000000007");
        }
        return value;
    }

    /** The change that produced an order's version, when its audit entry carries the feed's keys. */
    public Optional<LiveEvent> event(String tenantId, String orderId, long version) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of(
                "orderKey", AttributeValue.fromS(AuditLog.orderKey(tenantId, orderId)),
                "seq", AttributeValue.fromN(Long.toString(version))))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(LiveEvent.fromAuditItem(item));
    }

    /** Hands every change of the tenant after {@code afterEventId}, oldest first, to {@code sink}; returns how many. */
    public int replay(String tenantId, String afterEventId, Consumer<LiveEvent> sink) {
        int count = 0;
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(r -> r.tableName(table).indexName(INDEX)
                .keyConditionExpression("tenantId = :t AND feedKey > :after")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenantId),
                        ":after", AttributeValue.fromS(afterEventId)))).items()) {
            sink.accept(LiveEvent.fromAuditItem(item));
            count++;
        }
        return count;
    }
}
