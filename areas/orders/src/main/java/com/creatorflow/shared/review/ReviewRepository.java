package com.creatorflow.shared.review;

import com.creatorflow.shared.aws.Cursors;
import com.creatorflow.shared.review.domain.Decision;
import com.creatorflow.shared.review.domain.Review;
import com.creatorflow.shared.store.domain.Page;
import com.creatorflow.shared.store.domain.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Reviews in DynamoDB: one item per order (partition tenant, sort order id) and the GSI {@code byStatus}
 * ("tenant#OPEN", created time) that lists a tenant's queue oldest first.
 */
public final class ReviewRepository {
    private final DynamoDbClient dynamo;
    private final String table;

    public ReviewRepository(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The review of an order, if any. */
    public Optional<Stored> find(String tenantId, String orderId) {
        var response = dynamo.getItem(r -> r.tableName(table).key(key(tenantId, orderId)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(fromItem(response.item()))
                : Optional.empty();
    }

    /** Writes an open review with its current task token (a new episode, or a new token for the open one). */
    public void putOpen(Review review, String taskToken) {
        Map<String, AttributeValue> item = toItem(review);
        item.put("taskToken", AttributeValue.fromS(taskToken));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    /**
     * Resolves an open review if its token is still the one the decider saw; false when it changed meanwhile.
     */
    public boolean resolve(Review resolved, String expectedToken) {
        Map<String, AttributeValue> item = toItem(resolved);
        try {
            dynamo.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("#s = :open AND taskToken = :token")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":open", AttributeValue.fromS(Review.OPEN),
                            ":token", AttributeValue.fromS(expectedToken))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Puts a resolved review back to open with its token (when the workflow refused the decision). */
    public void reopen(Review review, String taskToken) {
        putOpen(review, taskToken);
    }

    /** A tenant's reviews in one status, oldest first. */
    public Page<Review> list(String tenantId, String status, int limit, String cursor) {
        var query = software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder().tableName(table)
                .indexName("byStatus").keyConditionExpression("queueKey = :q")
                .expressionAttributeValues(Map.of(":q", AttributeValue.fromS(tenantId + "#" + status)))
                .limit(Math.max(1, Math.min(100, limit)));
        if (cursor != null && !cursor.isBlank()) {
            query.exclusiveStartKey(Cursors.decode(tenantId, cursor, "tenantId", "queueKey"));
        }
        QueryResponse response = dynamo.query(query.build());
        List<Review> reviews = new ArrayList<>();
        response.items().forEach(item -> reviews.add(fromItem(item).review()));
        return new Page<>(reviews, response.hasLastEvaluatedKey() ? Cursors.encode(response.lastEvaluatedKey()) : null);
    }

    /**
     * A review with its current task token (server side only).
     *
     * @param review the review
     * @param taskToken the token that resumes the waiting workflow step
     */
    public record Stored(Review review, String taskToken) {
    }

    private static Map<String, AttributeValue> key(String tenantId, String orderId) {
        return Map.of("tenantId", AttributeValue.fromS(tenantId), "orderId", AttributeValue.fromS(orderId));
    }

    private static Map<String, AttributeValue> toItem(Review review) {
        Map<String, AttributeValue> item = new HashMap<>(key(review.tenantId(), review.orderId()));
        item.put("status", AttributeValue.fromS(review.status()));
        item.put("queueKey", AttributeValue.fromS(review.tenantId() + "#" + review.status()));
        item.put("createdKey", AttributeValue.fromS(Times.sortable(review.createdAt()) + "#" + review.orderId()));
        item.put("createdAt", AttributeValue.fromS(review.createdAt().toString()));
        item.put("reminders", AttributeValue.fromN(Integer.toString(review.reminders())));
        item.put("escalated", AttributeValue.fromBool(review.escalated()));
        put(item, "failedStep", review.failedStep());
        put(item, "error", review.error());
        put(item, "reason", review.reason());
        put(item, "decision", review.decision() == null ? null : review.decision().name());
        put(item, "decidedBy", review.decidedBy());
        put(item, "decidedAt", review.decidedAt() == null ? null : review.decidedAt().toString());
        put(item, "note", review.note());
        return item;
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static Stored fromItem(Map<String, AttributeValue> item) {
        String decision = s(item, "decision");
        String decidedAt = s(item, "decidedAt");
        Review review = new Review(s(item, "tenantId"), s(item, "orderId"), s(item, "status"), s(item, "failedStep"),
                s(item, "error"), s(item, "reason"), Instant.parse(s(item, "createdAt")),
                Integer.parseInt(item.get("reminders").n()), Boolean.TRUE.equals(item.get("escalated").bool()),
                decision == null ? null : Decision.valueOf(decision), s(item, "decidedBy"),
                decidedAt == null ? null : Instant.parse(decidedAt), s(item, "note"));
        return new Stored(review, s(item, "taskToken"));
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
