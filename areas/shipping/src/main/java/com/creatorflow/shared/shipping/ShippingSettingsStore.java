package com.creatorflow.shared.shipping;

import com.creatorflow.shared.aws.BatchReads;
import com.creatorflow.shared.aws.Cursors;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.crypto.PiiResealing;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.shipping.domain.ShipFromAddress;
import com.creatorflow.shared.shipping.domain.ShippingSettingsConflict;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import com.creatorflow.shared.store.domain.Page;
import com.creatorflow.shared.validation.domain.OrderValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Creators' shipping settings and SKU profiles in the {@code ShippingTable}, versioned like the rules: per tenant
 * ({@code pk = TENANT#<id>}) the current settings ({@code sk = SETTINGS}, with their version) and every saved version
 * ({@code SETTINGS#V#0000000007}, written once: the audit trail of who changed what when); per SKU the profile
 * ({@code SKU#<sku>}) and its versions ({@code SKUV#<sku>#0000000003}). A save writes the version and moves the
 * current item in one transaction, on the condition that the current version is still the one the save started from.
 * Ship-from addresses are personal data (often a creator's home): they are stored only sealed with the PII key.
 */
public final class ShippingSettingsStore {
    private static final String SETTINGS = "SETTINGS";
    private static final String SETTINGS_VERSION = "SETTINGS#V#";
    private static final String SKU = "SKU#";
    private static final String SKU_VERSION = "SKUV#";
    /** Rows written per transaction by an import (each row is the profile and its version: two items). */
    private static final int IMPORT_CHUNK = 50;

    private final DynamoDbClient dynamo;
    private final String table;
    private final PiiCipher cipher;
    private IntConsumer beforeChunk = chunk -> { };

    /**
     * @param dynamo the DynamoDB client
     * @param table the ShippingTable's name
     * @param cipher seals and opens ship-from addresses (null: settings are read without their addresses)
     */
    public ShippingSettingsStore(DynamoDbClient dynamo, String table, PiiCipher cipher) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
    }

    /**
     * A profile as stored.
     *
     * @param profile the measures
     * @param version 1, 2, ... (0: written before profiles were versioned)
     * @param updatedAt when it was saved
     * @param updatedBy who saved it
     */
    public record StoredProfile(SkuProfile profile, long version, Instant updatedAt, String updatedBy) {
    }

    // --------------------------------------------------------------------------------------------------- settings

    /** The current settings (version 0 with nothing set before the first save), addresses opened. */
    public ShippingSettings current(String tenantId) {
        return saved(tenantId).orElseGet(() -> ShippingSettings.none(tenantId));
    }

    /** The current settings with their addresses opened, if the creator ever saved any. */
    public Optional<ShippingSettings> saved(String tenantId) {
        return item(tenantId, SETTINGS).map(item -> settingsOf(tenantId, item, true));
    }

    /** The current settings without opening the ship-from addresses (for steps that need no address). */
    public Optional<ShippingSettings> currentWithoutAddresses(String tenantId) {
        return item(tenantId, SETTINGS).map(item -> settingsOf(tenantId, item, false));
    }

    /** A tenant's hold window: its settings', else TikTok's hour. */
    public Duration holdWindow(String tenantId) {
        return currentWithoutAddresses(tenantId).map(ShippingSettings::holdWindow).orElse(OrderValidator.HOLD_WINDOW);
    }

    /** The saved versions, newest first (the settings' audit trail). */
    public List<ShippingSettings> versions(String tenantId, int limit) {
        QueryResponse response = dynamo.query(r -> r.tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :v)")
                .expressionAttributeValues(Map.of(":pk", s(ShippingStore.tenantKey(tenantId)),
                        ":v", s(SETTINGS_VERSION)))
                .scanIndexForward(false).limit(Math.max(1, Math.min(100, limit))));
        List<ShippingSettings> versions = new ArrayList<>();
        response.items().forEach(item -> versions.add(settingsOf(tenantId, item, true)));
        return versions;
    }

    /**
     * Saves validated settings as the next version.
     *
     * @param draft the settings (their tenant is the owner)
     * @param basedOn the version the creator edited, or null to save over whatever is current
     * @param actor who saves
     * @param now the save time
     * @throws ShippingSettingsConflict when the current version is not {@code basedOn}, or another save came first
     */
    public ShippingSettings save(ShippingSettings draft, Long basedOn, String actor, Instant now) {
        String tenantId = draft.tenantId();
        long latest = item(tenantId, SETTINGS).map(i -> Long.parseLong(i.get("version").n())).orElse(0L);
        if (basedOn != null && basedOn != latest) {
            throw new ShippingSettingsConflict("the shipping settings", basedOn, latest);
        }
        ShippingSettings stored = draft.stored(latest + 1, now, actor);
        Map<String, AttributeValue> current = settingsItem(stored, SETTINGS);
        Map<String, AttributeValue> version = settingsItem(stored, SETTINGS_VERSION + padded(stored.version()));
        try {
            dynamo.transactWriteItems(r -> r.transactItems(
                    conditional(version, "attribute_not_exists(sk)", null),
                    conditional(current, latest == 0 ? "attribute_not_exists(sk)" : "version = :latest",
                            latest == 0 ? null : Map.of(":latest", n(latest)))));
        } catch (TransactionCanceledException e) {
            throw new ShippingSettingsConflict("the shipping settings", latest,
                    item(tenantId, SETTINGS).map(i -> Long.parseLong(i.get("version").n())).orElse(0L));
        }
        return stored;
    }

    private Map<String, AttributeValue> settingsItem(ShippingSettings settings, String sk) {
        Map<String, AttributeValue> item = new HashMap<>(key(settings.tenantId(), sk));
        item.put("version", n(settings.version()));
        item.put("doc", s(Json.write(settings.withShipFrom(List.of()))));
        item.put("shipFrom", AttributeValue.fromB(SdkBytes.fromByteArray(requireCipher().encrypt(
                Json.write(settings.shipFrom()), addressContext(settings.tenantId())))));
        return item;
    }

    private ShippingSettings settingsOf(String tenantId, Map<String, AttributeValue> item, boolean open) {
        ShippingSettings settings = Json.read(item.get("doc").s(), ShippingSettings.class);
        AttributeValue sealed = item.get("shipFrom");
        if (!open || sealed == null) {
            return settings;
        }
        String addresses = requireCipher().decrypt(sealed.b().asByteArray(), addressContext(tenantId));
        return settings.withShipFrom(List.of(Json.read(addresses, ShipFromAddress[].class)));
    }

    /**
     * Re-seals the ship-from addresses of a tenant's settings, current and past versions (every tenant's when
     * {@code tenantId} is null, by a scan), with the current key version. Each write is conditioned on the
     * ciphertext read, so a concurrent save wins and the item is read again. See {@link PiiResealing}.
     */
    public PiiResealing.Tally resealAddresses(String tenantId) {
        String projection = "pk, sk, shipFrom";
        Iterable<Map<String, AttributeValue>> items;
        if (tenantId != null) {
            items = dynamo.queryPaginator(r -> r.tableName(table).consistentRead(true).projectionExpression(projection)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :s)")
                    .expressionAttributeValues(Map.of(":pk", s(ShippingStore.tenantKey(tenantId)),
                            ":s", s(SETTINGS)))).items();
        } else {
            items = dynamo.scanPaginator(r -> r.tableName(table).consistentRead(true).projectionExpression(projection)
                    .filterExpression("begins_with(sk, :s) AND attribute_exists(shipFrom)")
                    .expressionAttributeValues(Map.of(":s", s(SETTINGS)))).items();
        }
        return PiiResealing.run(dynamo, items, this::resealUpdate,
                item -> dynamo.getItem(r -> r.tableName(table).consistentRead(true).projectionExpression(projection)
                        .key(Map.of("pk", item.get("pk"), "sk", item.get("sk")))).item(),
                item -> "shipping settings " + item.get("pk").s() + " " + item.get("sk").s());
    }

    private Optional<UpdateItemRequest> resealUpdate(Map<String, AttributeValue> item) {
        AttributeValue sealed = item.get("shipFrom");
        if (sealed == null || sealed.b() == null) {
            return Optional.empty();
        }
        String tenantId = item.get("pk").s().substring("TENANT#".length());
        return requireCipher().resealed(sealed.b().asByteArray(), addressContext(tenantId)).map(fresh ->
                UpdateItemRequest.builder().tableName(table).key(Map.of("pk", item.get("pk"), "sk", item.get("sk")))
                        .updateExpression("SET shipFrom = :fresh").conditionExpression("shipFrom = :read")
                        .expressionAttributeValues(Map.of(":fresh", AttributeValue.fromB(SdkBytes.fromByteArray(
                                fresh)), ":read", sealed)).build());
    }

    private static String addressContext(String tenantId) {
        return "shipping-settings#" + tenantId;
    }

    private PiiCipher requireCipher() {
        if (cipher == null) {
            throw new IllegalStateException("this store has no PII cipher for ship-from addresses");
        }
        return cipher;
    }

    // --------------------------------------------------------------------------------------------------- profiles

    /** A SKU's profile, if set. */
    public Optional<StoredProfile> profile(String tenantId, String sku) {
        return item(tenantId, SKU + sku).map(ShippingSettingsStore::profileOf);
    }

    /** A tenant's profiles in SKU order. */
    public Page<StoredProfile> profiles(String tenantId, int limit, String cursor) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :sku)")
                .expressionAttributeValues(Map.of(":pk", s(ShippingStore.tenantKey(tenantId)), ":sku", s(SKU)))
                .limit(Math.max(1, Math.min(100, limit)));
        if (cursor != null && !cursor.isBlank()) {
            Map<String, AttributeValue> start = Cursors.decode(tenantId, cursor);
            AttributeValue pk = start.get("pk");
            AttributeValue sk = start.get("sk");
            if (pk == null || !ShippingStore.tenantKey(tenantId).equals(pk.s()) || sk == null || sk.s() == null
                    || !sk.s().startsWith(SKU) || start.size() != 2) {
                throw new ValidationFailed("cursor", "cursor is not one this API returned");
            }
            query.exclusiveStartKey(start);
        }
        QueryResponse response = dynamo.query(query.build());
        String next = response.hasLastEvaluatedKey() ? Cursors.encode(response.lastEvaluatedKey()) : null;
        return new Page<>(response.items().stream().map(ShippingSettingsStore::profileOf).toList(), next);
    }

    /**
     * Saves a SKU's profile as its next version.
     *
     * @param basedOn the version the creator edited (0: the SKU had none), or null to save over any
     * @throws ShippingSettingsConflict when the profile is not at {@code basedOn}, or another save came first
     */
    public StoredProfile putProfile(String tenantId, SkuProfile profile, Long basedOn, String actor, Instant now) {
        long latest = profile(tenantId, profile.sku()).map(StoredProfile::version).orElse(0L);
        String what = "the profile of SKU " + profile.sku();
        if (basedOn != null && basedOn != latest) {
            throw new ShippingSettingsConflict(what, basedOn, latest);
        }
        StoredProfile stored = new StoredProfile(profile, latest + 1, now, actor);
        try {
            dynamo.transactWriteItems(r -> r.transactItems(profileWrites(tenantId, stored, latest)));
        } catch (TransactionCanceledException e) {
            throw new ShippingSettingsConflict(what, latest,
                    profile(tenantId, profile.sku()).map(StoredProfile::version).orElse(0L));
        }
        return stored;
    }

    /**
     * Saves many profiles (an import), each as its SKU's next version, all or nothing: in transactions of
     * {@value #IMPORT_CHUNK} rows, and when one fails because a profile changed meanwhile, the chunks already written
     * are undone (each profile put back as it was, its new version removed) before {@link ShippingSettingsConflict}.
     *
     * @return the stored profiles, in the given order
     */
    public List<StoredProfile> putProfiles(String tenantId, List<SkuProfile> profiles, String actor, Instant now) {
        Map<String, Map<String, AttributeValue>> before = new HashMap<>();
        for (int from = 0; from < profiles.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = profiles.subList(from, Math.min(profiles.size(), from + 100))
                    .stream().map(p -> key(tenantId, SKU + p.sku())).toList();
            BatchReads.get(dynamo, table, keys).forEach(item -> before.put(
                    item.get("sk").s().substring(SKU.length()), item));
        }
        List<StoredProfile> stored = new ArrayList<>();
        for (int from = 0; from < profiles.size(); from += IMPORT_CHUNK) {
            beforeChunk.accept(from / IMPORT_CHUNK);
            List<TransactWriteItem> writes = new ArrayList<>();
            List<StoredProfile> chunk = new ArrayList<>();
            for (SkuProfile profile : profiles.subList(from, Math.min(profiles.size(), from + IMPORT_CHUNK))) {
                Map<String, AttributeValue> old = before.get(profile.sku());
                long version = old == null ? 0 : versionOf(old);
                StoredProfile next = new StoredProfile(profile, version + 1, now, actor);
                writes.addAll(List.of(profileWrites(tenantId, next, version)));
                chunk.add(next);
            }
            try {
                dynamo.transactWriteItems(r -> r.transactItems(writes));
            } catch (TransactionCanceledException e) {
                int kept = undo(tenantId, stored, before);
                throw new ShippingSettingsConflict("nothing was imported: a profile of the file changed while it "
                        + "was applied" + (kept == 0 ? "" : " (" + kept + " profiles changed again meanwhile and keep "
                        + "the imported values)") + "; import the file again");
            }
            stored.addAll(chunk);
        }
        return stored;
    }

    /** Puts written profiles back as they were; returns how many had changed again and were left. */
    private int undo(String tenantId, List<StoredProfile> written, Map<String, Map<String, AttributeValue>> before) {
        int kept = 0;
        for (StoredProfile profile : written) {
            String sku = profile.profile().sku();
            Map<String, AttributeValue> old = before.get(sku);
            Map<String, AttributeValue> expected = Map.of(":written", n(profile.version()));
            TransactWriteItem restore = old == null
                    ? TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(tenantId, SKU + sku))
                            .conditionExpression("version = :written").expressionAttributeValues(expected)).build()
                    : conditional(old, "version = :written", expected);
            TransactWriteItem forget = TransactWriteItem.builder().delete(d -> d.tableName(table)
                    .key(key(tenantId, SKU_VERSION + sku + "#" + padded(profile.version())))).build();
            try {
                dynamo.transactWriteItems(r -> r.transactItems(restore, forget));
            } catch (TransactionCanceledException changedAgain) {
                kept++;
            }
        }
        return kept;
    }

    /** Test seam: runs before each chunk of an import is written. */
    void beforeChunk(IntConsumer hook) {
        this.beforeChunk = hook;
    }

    /** Removes a SKU's profile; false when it had none. Its versions stay (the audit trail). */
    public boolean deleteProfile(String tenantId, String sku) {
        var response = dynamo.deleteItem(r -> r.tableName(table).key(key(tenantId, SKU + sku))
                .returnValues(ReturnValue.ALL_OLD));
        return response.hasAttributes() && !response.attributes().isEmpty();
    }

    private TransactWriteItem[] profileWrites(String tenantId, StoredProfile stored, long latest) {
        Map<String, AttributeValue> current = profileItem(tenantId, SKU + stored.profile().sku(), stored);
        Map<String, AttributeValue> version = profileItem(tenantId, SKU_VERSION + stored.profile().sku() + "#"
                + padded(stored.version()), stored);
        return new TransactWriteItem[] {
            conditional(version, "attribute_not_exists(sk)", null),
            latest == 0 ? conditional(current, "attribute_not_exists(sk) OR attribute_not_exists(version)", null)
                    : conditional(current, "version = :latest", Map.of(":latest", n(latest)))};
    }

    private static Map<String, AttributeValue> profileItem(String tenantId, String sk, StoredProfile stored) {
        Map<String, AttributeValue> item = new HashMap<>(key(tenantId, sk));
        item.put("doc", s(Json.write(stored.profile())));
        item.put("version", n(stored.version()));
        item.put("updatedAt", s(stored.updatedAt().toString()));
        item.put("updatedBy", s(stored.updatedBy()));
        return item;
    }

    private static StoredProfile profileOf(Map<String, AttributeValue> item) {
        AttributeValue at = item.get("updatedAt");
        AttributeValue by = item.get("updatedBy");
        return new StoredProfile(Json.read(item.get("doc").s(), SkuProfile.class), versionOf(item),
                at == null ? null : Instant.parse(at.s()), by == null ? null : by.s());
    }

    private static long versionOf(Map<String, AttributeValue> item) {
        AttributeValue version = item.get("version");
        return version == null ? 0 : Long.parseLong(version.n());
    }

    // ------------------------------------------------------------------------------------------------------ items

    private Optional<Map<String, AttributeValue>> item(String tenantId, String sk) {
        var response = dynamo.getItem(r -> r.tableName(table).key(key(tenantId, sk)).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? Optional.of(response.item()) : Optional.empty();
    }

    private TransactWriteItem conditional(Map<String, AttributeValue> item, String condition,
                                          Map<String, AttributeValue> values) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression(condition).expressionAttributeValues(values).build()).build();
    }

    private static Map<String, AttributeValue> key(String tenantId, String sk) {
        return Map.of("pk", s(ShippingStore.tenantKey(tenantId)), "sk", s(sk));
    }

    private static String padded(long version) {
        return String.format("%010d", version);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
