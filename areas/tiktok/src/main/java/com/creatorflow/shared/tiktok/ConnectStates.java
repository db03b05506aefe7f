package com.creatorflow.shared.tiktok;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.crypto.Digests;
import com.creatorflow.shared.error.ValidationFailed;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The {@code state} of a shop connection (OAuth's CSRF guard): 256 random bits issued to one tenant, kept in
 * {@code CONNECT_STATES_TABLE} only as a SHA-256 hash with the tenant and an expiry (also the table's TTL), and
 * consumed by one conditional delete, so a state works once and only before it expires.
 */
public final class ConnectStates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    /**
     * @param dynamo the DynamoDB client
     * @param table the states table (partition key {@code stateHash}, TTL attribute {@code expiresAt})
     * @param clock the clock
     */
    public ConnectStates(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** The states on {@code CONNECT_STATES_TABLE}. */
    public static ConnectStates fromEnv(Env env) {
        return new ConnectStates(env.aws().dynamo(), env.require("CONNECT_STATES_TABLE"), Clock.systemUTC());
    }

    /**
     * A state issued to a tenant.
     *
     * @param state the value to put in the authorization URL
     * @param expiresAt when it stops working
     */
    public record Issued(String state, Instant expiresAt) {
    }

    /** Issues a fresh state for a tenant, valid for {@code lifetime}. */
    public Issued issue(String tenantId, Duration lifetime) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String state = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expires = clock.instant().plus(lifetime);
        dynamo.putItem(r -> r.tableName(table).item(Map.of(
                "stateHash", AttributeValue.fromS(hash(state)),
                "tenantId", AttributeValue.fromS(tenantId),
                "expiresAt", AttributeValue.fromN(Long.toString(expires.getEpochSecond())))));
        return new Issued(state, expires);
    }

    /**
     * Consumes a state and returns the tenant it was issued to. A state that was never issued, was already used or
     * has expired is a 400 naming {@code state}.
     */
    public String consume(String state) {
        if (state == null || state.isBlank() || state.length() > 256) {
            throw new ValidationFailed("state", "state is required and must be the one the connection started with");
        }
        try {
            var response = dynamo.deleteItem(r -> r.tableName(table)
                    .key(Map.of("stateHash", AttributeValue.fromS(hash(state))))
                    .conditionExpression("attribute_exists(stateHash) AND expiresAt > :now")
                    .expressionAttributeValues(Map.of(":now",
                            AttributeValue.fromN(Long.toString(clock.instant().getEpochSecond()))))
                    .returnValues(ReturnValue.ALL_OLD));
            return response.attributes().get("tenantId").s();
        } catch (ConditionalCheckFailedException e) {
            throw new ValidationFailed("state", "state is unknown, already used or expired; start connecting the "
                    + "shop again");
        }
    }

    static String hash(String state) {
        return Digests.sha256Hex(state);
    }
}
