package com.creatorflow.shared.crypto;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The wrapped data keys in DynamoDB ({@code PII_KEYS_TABLE}: partition {@code keySet}, always {@value #KEY_SET},
 * numeric sort key {@code version}). One item per key version; the highest version is the current one, so rotation
 * is a single conditional put. Holds no plaintext key.
 */
public final class PiiKeyTable {
    static final String KEY_SET = "pii";

    /**
     * A stored data key version.
     *
     * @param version its number, from 1
     * @param wrapped the data key encrypted by the key wrapper
     * @param wrappedBy the master key that wrapped it ({@link KeyWrapper#name()})
     * @param createdAt when it was generated
     */
    public record WrappedDataKey(int version, byte[] wrapped, String wrappedBy, Instant createdAt) {
        @Override
        public String toString() {
            return "WrappedDataKey[version=" + version + ", wrappedBy=" + wrappedBy + ", createdAt=" + createdAt + "]";
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;

    PiiKeyTable(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The current (highest) version, if any was created. */
    Optional<WrappedDataKey> latest() {
        return dynamo.query(r -> r.tableName(table).consistentRead(true).keyConditionExpression("keySet = :k")
                        .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(KEY_SET)))
                        .scanIndexForward(false).limit(1))
                .items().stream().findFirst().map(PiiKeyTable::fromItem);
    }

    /** One version. */
    Optional<WrappedDataKey> get(int version) {
        var response = dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(key(version)));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(fromItem(response.item())) : Optional.empty();
    }

    /** Every version, oldest first. */
    List<WrappedDataKey> all() {
        return dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true).keyConditionExpression("keySet = :k")
                        .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(KEY_SET))))
                .items().stream().map(PiiKeyTable::fromItem).toList();
    }

    /** Stores a new version; false when that version exists already (another process created it first). */
    boolean create(WrappedDataKey key) {
        try {
            dynamo.putItem(r -> r.tableName(table).conditionExpression("attribute_not_exists(version)")
                    .item(Map.of("keySet", AttributeValue.fromS(KEY_SET),
                            "version", AttributeValue.fromN(Integer.toString(key.version())),
                            "wrappedKey", AttributeValue.fromB(SdkBytes.fromByteArray(key.wrapped())),
                            "wrappedBy", AttributeValue.fromS(key.wrappedBy()),
                            "createdAt", AttributeValue.fromS(key.createdAt().toString()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(int version) {
        return Map.of("keySet", AttributeValue.fromS(KEY_SET),
                "version", AttributeValue.fromN(Integer.toString(version)));
    }

    private static WrappedDataKey fromItem(Map<String, AttributeValue> item) {
        return new WrappedDataKey(Integer.parseInt(item.get("version").n()), item.get("wrappedKey").b().asByteArray(),
                item.get("wrappedBy").s(), Instant.parse(item.get("createdAt").s()));
    }
}
