package com.creatorflow.shared.notify;

import com.creatorflow.shared.crypto.Digests;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Key and query helpers of the notifications table (partition {@code tenantId}, sort key {@code sk}). */
final class NotificationStore {
    private NotificationStore() {
    }

    static Map<String, AttributeValue> key(String tenantId, String sk) {
        return Map.of("tenantId", AttributeValue.fromS(tenantId), "sk", AttributeValue.fromS(sk));
    }

    /** Every item of a partition whose sort key starts with {@code prefix}, following pages. */
    static List<Map<String, AttributeValue>> query(DynamoDbClient dynamo, String table, String tenantId,
                                                   String prefix) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(q -> q.tableName(table).consistentRead(true)
                    .keyConditionExpression("tenantId = :t AND begins_with(sk, :p)")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenantId),
                            ":p", AttributeValue.fromS(prefix)))
                    .exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** 32 hex characters of the SHA-256 of a text (stable ids from natural keys). */
    static String hash(String text) {
        return Digests.sha256Hex(text).substring(0, 32);
    }
}
