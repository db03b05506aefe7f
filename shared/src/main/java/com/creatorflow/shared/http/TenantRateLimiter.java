package com.creatorflow.shared.http;

import com.creatorflow.shared.error.RateLimited;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A per-tenant request limit shared by every API function and every Lambda instance: one conditional counter per
 * tenant and second in DynamoDB (expiring by TTL). Over the limit the caller gets {@link RateLimited}, which the API
 * answers with 429 and {@code Retry-After}. API Gateway's own throttling still caps the whole API.
 */
public final class TenantRateLimiter {
    private final DynamoDbClient dynamo;
    private final String table;
    private final int perSecond;
    private final Clock clock;

    public TenantRateLimiter(DynamoDbClient dynamo, String table, int perSecond, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.perSecond = perSecond;
        this.clock = clock;
    }

    /** Counts one request of the tenant; throws {@link RateLimited} when the tenant is over its limit. */
    public void acquire(String tenantId) {
        long millis = clock.millis();
        long second = millis / 1000;
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(Map.of("id", AttributeValue.fromS("rate#" + tenantId + "#" + second)))
                    .updateExpression("ADD requests :one SET expiration = :exp")
                    .conditionExpression("attribute_not_exists(requests) OR requests < :limit")
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                            ":limit", AttributeValue.fromN(Integer.toString(perSecond)),
                            ":exp", AttributeValue.fromN(Long.toString(second + 120)))));
        } catch (ConditionalCheckFailedException e) {
            throw new RateLimited("more than " + perSecond + " requests per second for this account; slow down",
                    1);
        }
    }
}
