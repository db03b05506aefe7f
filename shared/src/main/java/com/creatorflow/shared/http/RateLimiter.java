package com.creatorflow.shared.http;

import com.creatorflow.shared.error.RateLimited;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The API's request limits, shared by every API function and every Lambda instance: per token (one signed-in
 * session, so one busy script cannot starve its teammates) and per tenant (the whole account). Each is one
 * conditional counter per key and second in DynamoDB, expiring by TTL. Over either limit the caller gets
 * {@link RateLimited}, which the API answers with 429 and {@code Retry-After}. API Gateway's own throttling still caps
 * the whole API.
 */
public final class RateLimiter {
    private final DynamoDbClient dynamo;
    private final String table;
    private final int perToken;
    private final int perTenant;
    private final Clock clock;

    /**
     * @param perToken requests per second one token may make
     * @param perTenant requests per second all of a tenant's tokens together may make
     */
    public RateLimiter(DynamoDbClient dynamo, String table, int perToken, int perTenant, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.perToken = perToken;
        this.perTenant = perTenant;
        this.clock = clock;
    }

    /**
     * Counts one request of a token and its tenant; throws {@link RateLimited} when either is over its limit.
     *
     * @param token a key of the caller's token (its {@code jti} or a hash of it), never the token itself
     * @param tenantId the tenant, or null for a caller that names none (accepting an invitation)
     */
    public void acquire(String token, String tenantId) {
        long second = clock.millis() / 1000;
        count("rate#token#" + token + "#" + second, perToken, second,
                "more than " + perToken + " requests per second with this token; slow down");
        if (tenantId != null) {
            count("rate#" + tenantId + "#" + second, perTenant, second,
                    "more than " + perTenant + " requests per second for this account; slow down");
        }
    }

    private void count(String key, int limit, long second, String refusal) {
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(Map.of("id", AttributeValue.fromS(key)))
                    .updateExpression("ADD requests :one SET expiration = :exp")
                    .conditionExpression("attribute_not_exists(requests) OR requests < :limit")
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"),
                            ":limit", AttributeValue.fromN(Integer.toString(limit)),
                            ":exp", AttributeValue.fromN(Long.toString(second + 120)))));
        } catch (ConditionalCheckFailedException e) {
            throw new RateLimited(refusal, 1);
        }
    }
}
