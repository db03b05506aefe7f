package com.creatorflow.shared.idempotency;

import com.creatorflow.shared.aws.BatchReads;
import com.creatorflow.shared.config.Env;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Idempotency records in DynamoDB (table with partition key {@code id} and TTL on {@code expiration}), with the
 * attribute names Powertools uses: {@code status}, {@code expiration}, {@code in_progress_expiration},
 * {@code validation}, {@code data}.
 *
 * <p>A claim is one conditional {@code PutItem}: it succeeds when no record exists, the old one has expired, or the
 * old one is INPROGRESS past its in-progress deadline. When it fails, DynamoDB returns the existing item with the
 * failure ({@code ReturnValuesOnConditionCheckFailure=ALL_OLD}), so a duplicate costs no extra read.
 */
public final class IdempotencyStore {
    static final String KEY = "id";
    static final String STATUS = "status";
    static final String EXPIRATION = "expiration";
    static final String IN_PROGRESS_EXPIRATION = "in_progress_expiration";
    static final String VALIDATION = "validation";
    static final String DATA = "data";

    private static final String CLAIMABLE = "attribute_not_exists(#id) OR #exp < :now"
            + " OR (#status = :inprogress AND #ipexp < :nowMillis)";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    /**
     * @param dynamo the DynamoDB client
     * @param table the idempotency table
     * @param clock the clock deciding expiry
     */
    public IdempotencyStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** The store on {@code IDEMPOTENCY_TABLE}. */
    public static IdempotencyStore fromEnv(Env env) {
        return new IdempotencyStore(env.aws().dynamo(), env.require("IDEMPOTENCY_TABLE"), Clock.systemUTC());
    }

    /** The clock the store judges expiry with. */
    public Clock clock() {
        return clock;
    }

    /**
     * The outcome of a claim: either we hold the key now, or the existing record that prevented it.
     *
     * @param claimed true when this call took the key
     * @param existing the record found, when not claimed
     */
    public record Claim(boolean claimed, IdempotencyRecord existing) {
    }

    /**
     * Claims a key with one conditional write.
     *
     * @param key the idempotency key
     * @param status the status to write (INPROGRESS normally; COMPLETED for work that is done by writing the record)
     * @param validation the payload hash
     * @param expiresAfter how long the record counts (its TTL)
     * @param inProgressUntil until when an INPROGRESS claim holds
     * @param extra further attributes to store with the record (not the reserved names)
     */
    public Claim claim(String key, IdempotencyStatus status, String validation, Duration expiresAfter,
                       Instant inProgressUntil, Map<String, AttributeValue> extra) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>(extra);
        item.put(KEY, AttributeValue.fromS(key));
        item.put(STATUS, AttributeValue.fromS(status.name()));
        item.put(EXPIRATION, AttributeValue.fromN(Long.toString(now.plus(expiresAfter).getEpochSecond())));
        item.put(IN_PROGRESS_EXPIRATION, AttributeValue.fromN(Long.toString(inProgressUntil.toEpochMilli())));
        item.put(VALIDATION, AttributeValue.fromS(validation));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression(CLAIMABLE)
                    .expressionAttributeNames(Map.of("#id", KEY, "#exp", EXPIRATION, "#status", STATUS,
                            "#ipexp", IN_PROGRESS_EXPIRATION))
                    .expressionAttributeValues(Map.of(
                            ":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())),
                            ":nowMillis", AttributeValue.fromN(Long.toString(now.toEpochMilli())),
                            ":inprogress", AttributeValue.fromS(IdempotencyStatus.INPROGRESS.name())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return new Claim(true, null);
        } catch (ConditionalCheckFailedException e) {
            if (e.hasItem() && !e.item().isEmpty()) {
                return new Claim(false, toRecord(e.item()));
            }
            return new Claim(false, get(key).orElse(null));
        }
    }

    /** Marks a claimed key COMPLETED with its result, renewing its TTL. */
    public void complete(String key, String data, Duration expiresAfter) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":completed", AttributeValue.fromS(IdempotencyStatus.COMPLETED.name()));
        values.put(":exp", AttributeValue.fromN(Long.toString(clock.instant().plus(expiresAfter).getEpochSecond())));
        values.put(":data", AttributeValue.fromS(data == null ? "null" : data));
        dynamo.updateItem(r -> r.tableName(table).key(Map.of(KEY, AttributeValue.fromS(key)))
                .updateExpression("SET #status = :completed, #exp = :exp, #data = :data")
                .expressionAttributeNames(Map.of("#status", STATUS, "#exp", EXPIRATION, "#data", DATA))
                .expressionAttributeValues(values));
    }

    /**
     * Marks a key COMPLETED unless it already is, in one conditional write: true when this call completed it, false
     * when someone else had (so the caller's work was a duplicate). A missing record is created completed.
     */
    public boolean completeOnce(String key, String data, Duration expiresAfter) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":completed", AttributeValue.fromS(IdempotencyStatus.COMPLETED.name()));
        values.put(":exp", AttributeValue.fromN(Long.toString(clock.instant().plus(expiresAfter).getEpochSecond())));
        values.put(":data", AttributeValue.fromS(data == null ? "null" : data));
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Map.of(KEY, AttributeValue.fromS(key)))
                    .updateExpression("SET #status = :completed, #exp = :exp, #data = :data")
                    .conditionExpression("attribute_not_exists(#status) OR #status <> :completed")
                    .expressionAttributeNames(Map.of("#status", STATUS, "#exp", EXPIRATION, "#data", DATA))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Removes a claim so that a retry can run the work again (after the work failed). */
    public void release(String key) {
        dynamo.deleteItem(r -> r.tableName(table).key(Map.of(KEY, AttributeValue.fromS(key))));
    }

    /** The record of a key, if it exists and has not expired (strongly consistent). */
    public Optional<IdempotencyRecord> get(String key) {
        var response = dynamo.getItem(r -> r.tableName(table).key(Map.of(KEY, AttributeValue.fromS(key)))
                .consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        IdempotencyRecord record = toRecord(response.item());
        return record.isExpired(clock.instant()) ? Optional.empty() : Optional.of(record);
    }

    /** The live records of many keys in one round trip per 100 keys (strongly consistent); absent keys are left out. */
    public Map<String, IdempotencyRecord> getAll(Collection<String> keys) {
        Map<String, IdempotencyRecord> found = new HashMap<>();
        List<Map<String, AttributeValue>> wanted = new LinkedHashSet<>(keys).stream()
                .map(key -> Map.of(KEY, AttributeValue.fromS(key))).toList();
        Instant now = clock.instant();
        BatchReads.get(dynamo, table, wanted).stream().map(IdempotencyStore::toRecord)
                .filter(record -> !record.isExpired(now)).forEach(record -> found.put(record.key(), record));
        return found;
    }

    static IdempotencyRecord toRecord(Map<String, AttributeValue> item) {
        return new IdempotencyRecord(s(item, KEY), IdempotencyStatus.valueOf(s(item, STATUS)), n(item, EXPIRATION),
                n(item, IN_PROGRESS_EXPIRATION), s(item, VALIDATION), s(item, DATA), Map.copyOf(item));
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long n(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }
}
