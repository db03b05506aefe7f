package com.creatorflow.shared.rules;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.RuleSetConflict;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.store.domain.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Creators' rule sets in the Rules table (partition {@code tenantId}, sort {@code sk}). Each version is its own item
 * ({@code V#0000000007}), written once on the condition that it does not exist and never changed. The item
 * {@code ACTIVE} carries a copy of the active version plus the latest version number, so evaluating an order costs
 * one key lookup; saving writes the new version and moves the pointer in one transaction, on the condition that
 * the pointer still names the version the save started from. Reads are key lookups or one partition's query.
 */
public final class RuleSetStore {
    private static final String ACTIVE = "ACTIVE";
    private static final String VERSION_PREFIX = "V#";

    private final DynamoDbClient dynamo;
    private final String table;

    /** A store on a table. */
    public RuleSetStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The store wired from {@code RULES_TABLE}. */
    public static RuleSetStore fromEnv(Env env) {
        return new RuleSetStore(env.aws().dynamo(), env.require("RULES_TABLE"));
    }

    /** The active rule set of a tenant, if it ever saved one. */
    public Optional<RuleSet> active(String tenantId) {
        return item(tenantId, ACTIVE).map(RuleSetStore::ruleSetOf);
    }

    /** The latest version number (0 before the first save). */
    public long latestVersion(String tenantId) {
        return item(tenantId, ACTIVE).map(item -> Long.parseLong(item.get("latestVersion").n())).orElse(0L);
    }

    /** One version of a tenant's rules. */
    public Optional<RuleSet> version(String tenantId, long version) {
        return item(tenantId, versionKey(version)).map(RuleSetStore::ruleSetOf);
    }

    /** A tenant's versions, newest first, at most {@code limit}. */
    public List<RuleSet> versions(String tenantId, int limit) {
        QueryResponse response = dynamo.query(r -> r.tableName(table)
                .keyConditionExpression("tenantId = :t AND begins_with(sk, :p)")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenantId),
                        ":p", AttributeValue.fromS(VERSION_PREFIX)))
                .scanIndexForward(false)
                .limit(Math.max(1, Math.min(100, limit))));
        List<RuleSet> sets = new ArrayList<>();
        response.items().forEach(item -> sets.add(ruleSetOf(item)));
        return sets;
    }

    /**
     * Stores a draft as the next version and makes it active.
     *
     * @param draft the validated rules (its tenant is the owner)
     * @param actor who saves
     * @param basedOn the version the creator edited, or null to save on top of whatever is latest
     * @param now the save time
     * @return the stored version
     * @throws RuleSetConflict when another save came first
     */
    public RuleSet saveNext(RuleSet draft, String actor, Long basedOn, Instant now) {
        long latest = latestVersion(draft.tenantId());
        if (basedOn != null && basedOn != latest) {
            throw new RuleSetConflict(basedOn, latest);
        }
        RuleSet stored = new RuleSet(draft.tenantId(), latest + 1, draft.timeZone(), draft.rules(), now, actor);
        Map<String, AttributeValue> version = itemOf(stored, versionKey(stored.version()));
        Map<String, AttributeValue> pointer = itemOf(stored, ACTIVE);
        pointer.put("latestVersion", AttributeValue.fromN(Long.toString(stored.version())));
        Put putVersion = Put.builder().tableName(table).item(version)
                .conditionExpression("attribute_not_exists(sk)").build();
        Put putPointer = Put.builder().tableName(table).item(pointer)
                .conditionExpression(latest == 0 ? "attribute_not_exists(sk)" : "latestVersion = :latest")
                .expressionAttributeValues(latest == 0 ? null
                        : Map.of(":latest", AttributeValue.fromN(Long.toString(latest))))
                .build();
        try {
            dynamo.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().put(putVersion).build(),
                    TransactWriteItem.builder().put(putPointer).build()));
        } catch (TransactionCanceledException e) {
            throw new RuleSetConflict(latest, latestVersion(draft.tenantId()));
        }
        return stored;
    }

    private Optional<Map<String, AttributeValue>> item(String tenantId, String sk) {
        GetItemResponse response = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("tenantId", AttributeValue.fromS(tenantId), "sk", AttributeValue.fromS(sk))));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    private static Map<String, AttributeValue> itemOf(RuleSet ruleSet, String sk) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("tenantId", AttributeValue.fromS(ruleSet.tenantId()));
        item.put("sk", AttributeValue.fromS(sk));
        item.put("version", AttributeValue.fromN(Long.toString(ruleSet.version())));
        item.put("createdAt", AttributeValue.fromS(Times.sortable(ruleSet.createdAt())));
        item.put("doc", AttributeValue.fromS(Json.write(ruleSet)));
        return item;
    }

    private static RuleSet ruleSetOf(Map<String, AttributeValue> item) {
        return Json.read(item.get("doc").s(), RuleSet.class);
    }

    private static String versionKey(long version) {
        return VERSION_PREFIX + String.format("%010d", version);
    }
}
