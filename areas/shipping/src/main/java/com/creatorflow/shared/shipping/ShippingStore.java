package com.creatorflow.shared.shipping;

import com.creatorflow.shared.aws.BatchReads;
import com.creatorflow.shared.config.ConfigCache;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import com.creatorflow.shared.shipping.domain.TrackingEvent;
import com.creatorflow.shared.shipping.domain.TrackingState;
import com.creatorflow.shared.shipping.domain.TrackingStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The {@code ShippingTable} (string keys {@code pk}/{@code sk}): per tenant ({@code pk = TENANT#<id>}) the SKU
 * shipping profiles ({@code SKU#<sku>}), the creator's settings ({@code SETTINGS}, see {@link ShippingSettingsStore})
 * and, for creators who never saved settings, older shipping rules ({@code RULES}); per parcel
 * ({@code pk = TRACKING#<carrier>#<number>}, {@code sk = STATE}) the tracking state that a carrier webhook, which
 * names no tenant, leads to. Label records share the table ({@link S3LabelStore}: the object key of each label).
 */
public final class ShippingStore {
    private final DynamoDbClient dynamo;
    private final String table;
    private final ShippingSettingsStore settings;
    private final ConfigCache<Optional<ShippingRules>> rulesCache;
    private final ConfigCache<Map<String, SkuProfile>> profilesCache;

    /**
     * A store without the PII cipher: tracking, profiles and older rules items, but not the saved settings, whose
     * ship-from addresses it cannot open.
     *
     * @param dynamo the DynamoDB client
     * @param table the ShippingTable's name
     */
    public ShippingStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, null);
    }

    /**
     * @param dynamo the DynamoDB client
     * @param table the ShippingTable's name
     * @param cipher opens the settings' ship-from addresses
     */
    public ShippingStore(DynamoDbClient dynamo, String table, PiiCipher cipher) {
        this(dynamo, table, cipher, Duration.ZERO);
    }

    /**
     * @param configMaxAge how long {@link #rules} and {@link #profiles} are served from memory ({@link ConfigCache});
     *        zero reads them every time
     */
    public ShippingStore(DynamoDbClient dynamo, String table, PiiCipher cipher, Duration configMaxAge) {
        this.dynamo = dynamo;
        this.table = table;
        this.settings = new ShippingSettingsStore(dynamo, table, cipher);
        this.rulesCache = new ConfigCache<>(configMaxAge, Clock.systemUTC());
        this.profilesCache = new ConfigCache<>(configMaxAge, Clock.systemUTC());
    }

    /** The store wired from {@code SHIPPING_TABLE} and the function's PII key. */
    public static ShippingStore fromEnv(Env env) {
        return new ShippingStore(env.aws().dynamo(), env.require("SHIPPING_TABLE"), PiiCipher.fromEnv(env));
    }

    /** Like {@link #fromEnv}, with the creator's rules and SKU profiles cached ({@link ConfigCache#maxAge(Env)}). */
    public static ShippingStore fromEnvCachingConfig(Env env) {
        return new ShippingStore(env.aws().dynamo(), env.require("SHIPPING_TABLE"), PiiCipher.fromEnv(env),
                ConfigCache.maxAge(env));
    }

    /** The creators' versioned settings and profiles on the same table. */
    public ShippingSettingsStore settings() {
        return settings;
    }

    static String tenantKey(String tenantId) {
        return "TENANT#" + tenantId;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    /** Stores or replaces a SKU's shipping profile. */
    public void putProfile(String tenantId, SkuProfile profile) {
        Map<String, AttributeValue> item = new HashMap<>(key(tenantKey(tenantId), "SKU#" + profile.sku()));
        item.put("doc", AttributeValue.fromS(Json.write(profile)));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    /** The profiles of some SKUs of a tenant (SKUs without one are absent). */
    public Map<String, SkuProfile> profiles(String tenantId, Collection<String> skus) {
        Set<String> wanted = new TreeSet<>(skus);
        return profilesCache.get(tenantId + "\n" + String.join("\n", wanted), key -> {
            Map<String, SkuProfile> found = new HashMap<>();
            List<Map<String, AttributeValue>> keys = wanted.stream()
                    .map(sku -> key(tenantKey(tenantId), "SKU#" + sku)).toList();
            BatchReads.get(dynamo, table, keys).forEach(item -> {
                SkuProfile profile = Json.read(item.get("doc").s(), SkuProfile.class);
                found.put(profile.sku(), profile);
            });
            return Map.copyOf(found);
        });
    }

    /** Stores or replaces a tenant's shipping rules. */
    public void putRules(String tenantId, ShippingRules rules) {
        Map<String, AttributeValue> item = new HashMap<>(key(tenantKey(tenantId), "RULES"));
        item.put("doc", AttributeValue.fromS(Json.write(rules)));
        dynamo.putItem(r -> r.tableName(table).item(item));
        rulesCache.invalidate(tenantId);
    }

    /**
     * The rules the workflow applies: from the creator's saved settings when there are any (failing with
     * {@link com.creatorflow.shared.error.ValidationFailed} naming what is missing), else from the older rules item.
     */
    public Optional<ShippingRules> rules(String tenantId) {
        return rulesCache.get(tenantId, this::readRules);
    }

    private Optional<ShippingRules> readRules(String tenantId) {
        Optional<ShippingSettings> saved = settings.saved(tenantId);
        if (saved.isPresent()) {
            return Optional.of(saved.get().toRules());
        }
        var response = dynamo.getItem(r -> r.tableName(table).key(key(tenantKey(tenantId), "RULES"))
                .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(Json.read(response.item().get("doc").s(), ShippingRules.class)) : Optional.empty();
    }

    private static Map<String, AttributeValue> trackingKey(Carrier carrier, String trackingNumber) {
        return key("TRACKING#" + carrier.code() + "#" + trackingNumber, "STATE");
    }

    /**
     * The write that registers a new parcel's tracking, to go into the transaction that records the label on the
     * order (so a tracking number is known exactly when its order has the package). Idempotent for the same order;
     * a tracking number of another order fails the condition.
     */
    public TransactWriteItem trackingRegistration(Carrier carrier, String trackingNumber, String tenantId,
                                                  String orderId, String packageId) {
        Map<String, AttributeValue> item = new HashMap<>(trackingKey(carrier, trackingNumber));
        item.put("tenantId", AttributeValue.fromS(tenantId));
        item.put("orderId", AttributeValue.fromS(orderId));
        item.put("packageId", AttributeValue.fromS(packageId));
        item.put("status", AttributeValue.fromS(TrackingStatus.LABEL_CREATED.name()));
        item.put("revision", AttributeValue.fromN("0"));
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk) OR (tenantId = :tenant AND orderId = :order)")
                .expressionAttributeValues(Map.of(":tenant", AttributeValue.fromS(tenantId),
                        ":order", AttributeValue.fromS(orderId))).build()).build();
    }

    /** A parcel's tracking state, if we labelled it. */
    public Optional<TrackingState> tracking(Carrier carrier, String trackingNumber) {
        var response = dynamo.getItem(r -> r.tableName(table).key(trackingKey(carrier, trackingNumber))
                .consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        AttributeValue last = item.get("lastOccurredAt");
        AttributeValue ids = item.get("eventIds");
        return Optional.of(new TrackingState(carrier, trackingNumber, item.get("tenantId").s(),
                item.get("orderId").s(), item.get("packageId").s(), TrackingStatus.valueOf(item.get("status").s()),
                last == null ? null : Instant.parse(last.s()), ids == null ? null : new LinkedHashSet<>(ids.ss()),
                Long.parseLong(item.get("revision").n())));
    }

    /**
     * Records that an event was seen, and applied when {@code applied}, on the condition that nobody changed the
     * state since it was read; false when somebody did (read again and decide again).
     */
    public boolean recordEvent(TrackingState read, TrackingEvent event, boolean applied) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":expected", AttributeValue.fromN(Long.toString(read.revision())));
        values.put(":next", AttributeValue.fromN(Long.toString(read.revision() + 1)));
        values.put(":id", AttributeValue.fromSs(List.of(event.eventId())));
        String update = "SET revision = :next ADD eventIds :id";
        if (applied) {
            update = "SET revision = :next, #status = :status, lastOccurredAt = :at ADD eventIds :id";
            values.put(":status", AttributeValue.fromS(event.status().name()));
            values.put(":at", AttributeValue.fromS(event.occurredAt().toString()));
        }
        String expression = update;
        try {
            dynamo.updateItem(r -> {
                r.tableName(table).key(trackingKey(read.carrier(), read.trackingNumber()))
                        .updateExpression(expression).conditionExpression("revision = :expected")
                        .expressionAttributeValues(values);
                if (applied) {
                    r.expressionAttributeNames(Map.of("#status", "status"));
                }
            });
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }
}
