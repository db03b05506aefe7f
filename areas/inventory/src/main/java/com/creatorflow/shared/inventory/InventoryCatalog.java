package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.Bundle;
import com.creatorflow.shared.inventory.domain.InventorySettings;
import com.creatorflow.shared.inventory.domain.ReturnRestock;
import com.creatorflow.shared.inventory.domain.ShortagePolicy;
import static com.creatorflow.shared.inventory.InventoryItems.n;
import static com.creatorflow.shared.inventory.InventoryItems.s;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** A creator's inventory configuration: bundles, low-stock thresholds (with their alert state) and settings. */
public final class InventoryCatalog extends InventoryStore {
    InventoryCatalog(InventoryStore store) {
        super(store);
    }

    /** The tenant's bundles among these SKUs, by bundle SKU. */
    public Map<String, Bundle> bundles(String tenant, Collection<String> skus) {
        List<Map<String, AttributeValue>> keys = skus.stream().distinct()
                .map(sku -> key(InventoryKeys.bundlesPk(tenant), sku)).toList();
        Map<String, Bundle> bundles = new HashMap<>();
        batchGet(keys).values().forEach(item -> {
            Bundle bundle = InventoryItems.bundle(item);
            bundles.put(bundle.sku(), bundle);
        });
        return bundles;
    }

    /** All of a tenant's bundles, by SKU. */
    public List<Bundle> bundles(String tenant) {
        List<Bundle> bundles = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(InventoryKeys.bundlesPk(tenant))));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse response = dynamo.query(query.build());
            response.items().forEach(item -> bundles.add(InventoryItems.bundle(item)));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return bundles;
    }

    /** Stores (replaces) a bundle. */
    public void putBundle(String tenant, Bundle bundle) {
        List<AttributeValue> components = bundle.components().stream()
                .map(c -> AttributeValue.fromM(Map.of("sku", s(c.sku()), "quantity", n(c.quantity())))).toList();
        Map<String, AttributeValue> item = new HashMap<>(key(InventoryKeys.bundlesPk(tenant), bundle.sku()));
        item.put("type", s("BUNDLE"));
        item.put("sku", s(bundle.sku()));
        item.put("components", AttributeValue.fromL(components));
        item.put("updatedAt", s(clock.instant().toString()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    /** Deletes a bundle; false when there was none. */
    public boolean deleteBundle(String tenant, String sku) {
        var response = dynamo.deleteItem(r -> r.tableName(table).key(key(InventoryKeys.bundlesPk(tenant), sku))
                .returnValues(ReturnValue.ALL_OLD));
        return response.hasAttributes() && !response.attributes().isEmpty();
    }

    /** Sets (or, with null, removes) a SKU's low-stock threshold; the alert state starts afresh. */
    public void setThreshold(String tenant, String sku, Long threshold) {
        var key = key(InventoryKeys.skuPk(tenant, sku), InventoryKeys.SKU_CONFIG);
        if (threshold == null) {
            dynamo.deleteItem(r -> r.tableName(table).key(key));
            return;
        }
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("type", s("SKU_CONFIG"));
        item.put("sku", s(sku));
        item.put("lowThreshold", n(threshold));
        item.put("lowAlerted", AttributeValue.fromBool(false));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    /**
     * Records that a SKU's low-stock alert was raised or cleared, on the condition that it was not already: of
     * concurrent writers exactly one wins, so each crossing raises one event.
     *
     * @return true when this caller changed it
     */
    public boolean markLow(String tenant, String sku, boolean low) {
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(key(InventoryKeys.skuPk(tenant, sku), InventoryKeys.SKU_CONFIG))
                    .updateExpression("SET lowAlerted = :to, lowChangedAt = :now")
                    .conditionExpression("attribute_exists(lowThreshold) AND lowAlerted = :from")
                    .expressionAttributeValues(Map.of(":to", AttributeValue.fromBool(low),
                            ":from", AttributeValue.fromBool(!low), ":now", s(clock.instant().toString()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The tenant's inventory settings (defaults when none are stored). */
    public InventorySettings settings(String tenant) {
        var response = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(InventoryKeys.settingsPk(tenant), InventoryKeys.SETTINGS)));
        if (!response.hasItem() || response.item().isEmpty()) {
            return InventorySettings.defaults();
        }
        var item = response.item();
        List<String> priority = item.containsKey("locationPriority")
                ? item.get("locationPriority").l().stream().map(AttributeValue::s).toList() : List.of();
        ReturnRestock onReturn = item.containsKey("onReturn") ? ReturnRestock.valueOf(item.get("onReturn").s())
                : item.containsKey("restockOnReturn") && item.get("restockOnReturn").bool() ? ReturnRestock.RESTOCK
                : ReturnRestock.DONT_RESTOCK;
        return new InventorySettings(priority, ShortagePolicy.valueOf(item.get("onShortage").s()), onReturn);
    }

    /** Stores the tenant's inventory settings. */
    public void putSettings(String tenant, InventorySettings settings) {
        Map<String, AttributeValue> item = new HashMap<>(key(InventoryKeys.settingsPk(tenant), InventoryKeys.SETTINGS));
        item.put("type", s("SETTINGS"));
        item.put("locationPriority", AttributeValue.fromL(settings.locationPriority().stream()
                .map(InventoryItems::s).toList()));
        item.put("onShortage", s(settings.onShortage().name()));
        item.put("onReturn", s(settings.onReturn().name()));
        item.put("updatedAt", s(clock.instant().toString()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }
}
