package com.creatorflow.shared.workflow;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Workflow steps that wait for something outside (a return to arrive, stock to land) park their task token here,
 * keyed by order and by what they wait for; whoever sees the thing happen signals it, which resumes the workflow
 * once: the token is deleted on the condition that it is still the one read.
 */
public final class WorkflowWaits {
    private final DynamoDbClient dynamo;
    private final String table;
    private final TaskTokens tokens;

    public WorkflowWaits(DynamoDbClient dynamo, String table, TaskTokens tokens) {
        this.dynamo = dynamo;
        this.table = table;
        this.tokens = tokens;
    }

    /** Parks a token: the step waits for {@code kind} on this order (a newer token replaces an older one). */
    public void park(String tenantId, String orderId, String kind, String taskToken) {
        dynamo.putItem(r -> r.tableName(table).item(Map.of(
                "orderKey", AttributeValue.fromS(tenantId + "#" + orderId),
                "kind", AttributeValue.fromS(kind),
                "taskToken", AttributeValue.fromS(taskToken))));
    }

    /** The token parked for a wait, if any. */
    public Optional<String> parked(String tenantId, String orderId, String kind) {
        var item = dynamo.getItem(r -> r.tableName(table).key(key(tenantId, orderId, kind)).consistentRead(true));
        return item.hasItem() && !item.item().isEmpty() ? Optional.of(item.item().get("taskToken").s())
                : Optional.empty();
    }

    /**
     * Resumes the step waiting for {@code kind} on this order with a JSON result. Returns false when nothing waits
     * (never parked, already signalled, or the workflow moved on).
     */
    public boolean signal(String tenantId, String orderId, String kind, String outputJson) {
        Optional<String> token = parked(tenantId, orderId, kind);
        if (token.isEmpty()) {
            return false;
        }
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(key(tenantId, orderId, kind))
                    .conditionExpression("taskToken = :t")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(token.get()))));
        } catch (ConditionalCheckFailedException raced) {
            return false;
        }
        return tokens.succeed(token.get(), outputJson);
    }

    private static Map<String, AttributeValue> key(String tenantId, String orderId, String kind) {
        return Map.of("orderKey", AttributeValue.fromS(tenantId + "#" + orderId), "kind", AttributeValue.fromS(kind));
    }
}
