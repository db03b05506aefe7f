package com.creatorflow.shared.tiktok;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.tiktok.domain.Listing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The SKU ↔ TikTok listing map of each creator, in the Inventory table next to the stock it mirrors:
 * {@code pk = <tenant>#LISTINGS}, {@code sk = <sku>} (every key starts with the tenant, as the table's other items).
 * Written by the catalogue import of the stock reconciliation, read by the stock push.
 */
public final class ListingMap {
    private final DynamoDbClient dynamo;
    private final String table;

    /**
     * @param dynamo the DynamoDB client
     * @param table the Inventory table
     */
    public ListingMap(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The map on {@code INVENTORY_TABLE}. */
    public static ListingMap fromEnv(Env env) {
        return new ListingMap(env.aws().dynamo(), env.require("INVENTORY_TABLE"));
    }

    private static String pk(String tenantId) {
        return tenantId + "#LISTINGS";
    }

    /** A SKU's listing, if the shop's catalogue has it. */
    public Optional<Listing> find(String tenantId, String sku) {
        var item = dynamo.getItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(pk(tenantId)),
                "sk", AttributeValue.fromS(sku)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(listing(tenantId, item));
    }

    /** Every listing of a creator, by SKU. */
    public List<Listing> all(String tenantId) {
        List<Listing> listings = new ArrayList<>();
        dynamo.queryPaginator(r -> r.tableName(table).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk(tenantId)))))
                .items().forEach(item -> listings.add(listing(tenantId, item)));
        return listings;
    }

    /** Stores (or replaces) a listing. */
    public void put(Listing listing) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", AttributeValue.fromS(pk(listing.tenantId())));
        item.put("sk", AttributeValue.fromS(listing.sku()));
        item.put("shopId", AttributeValue.fromS(listing.shopId()));
        item.put("productId", AttributeValue.fromS(listing.productId()));
        item.put("skuId", AttributeValue.fromS(listing.skuId()));
        item.put("warehouseIds", AttributeValue.fromL(listing.warehouseIds().stream().map(AttributeValue::fromS)
                .toList()));
        item.put("importedAt", AttributeValue.fromS(listing.importedAt().toString()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    private static Listing listing(String tenantId, Map<String, AttributeValue> item) {
        return new Listing(tenantId, item.get("sk").s(), item.get("shopId").s(), item.get("productId").s(),
                item.get("skuId").s(), item.get("warehouseIds").l().stream().map(AttributeValue::s).toList(),
                Instant.parse(item.get("importedAt").s()));
    }
}
