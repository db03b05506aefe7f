package com.creatorflow.shared.tiktok;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.crypto.PiiResealing;
import com.creatorflow.shared.error.ShopConnectedElsewhere;
import com.creatorflow.shared.error.ShopNotFound;
import com.creatorflow.shared.tiktok.domain.Shop;
import com.creatorflow.shared.tiktok.domain.ShopSummary;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The shops we serve, in DynamoDB ({@code SHOPS_TABLE}, partition key {@code shopId}): shop to tenant, cipher,
 * authorization state and tokens. Tokens are stored only as AES-256-GCM ciphertexts bound to the shop, never in
 * clear and never logged. Reads are strongly consistent, so a deauthorization stops calls at once; the webhook path
 * uses the lighter {@link ShopDirectory}.
 */
public final class ShopRegistry implements ShopTokens {
    /** When a shop's move to a reconnect-needed state awaits its announcement. */
    private static final String NOTICE = "reconnectNoticeDue";
    private static final String SUMMARY_FIELDS =
            "shopId, #n, #r, #s, accessTokenExpiresAt, refreshTokenExpiresAt, updatedAt";
    private final DynamoDbClient dynamo;
    private final String table;
    private final PiiCipher cipher;
    private final Clock clock;

    /**
     * @param dynamo the DynamoDB client
     * @param table the shops table
     * @param cipher encrypts the tokens
     * @param clock the clock
     */
    public ShopRegistry(DynamoDbClient dynamo, String table, PiiCipher cipher, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** The registry on {@code SHOPS_TABLE} with the function's PII key. */
    public static ShopRegistry fromEnv(Env env) {
        return new ShopRegistry(env.aws().dynamo(), env.require("SHOPS_TABLE"), PiiCipher.fromEnv(env),
                Clock.systemUTC());
    }

    /** Stores (or replaces) a shop. */
    public Shop save(Shop shop) {
        dynamo.putItem(r -> r.tableName(table).item(toItem(shop)));
        return shop;
    }

    /** The shop, read from the table (strongly consistent). */
    public Optional<Shop> find(String shopId) {
        var response = dynamo.getItem(r -> r.tableName(table)
                .key(Map.of("shopId", AttributeValue.fromS(shopId))).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fromItem(response.item()));
    }

    @Override
    public Shop saveTokens(Shop shop, String access, Instant accessExpires, String refresh, Instant refreshExpires) {
        return save(shop.withTokens(access, accessExpires, refresh, refreshExpires));
    }

    /** Marks a shop deauthorized: every later call for it is refused before it leaves. */
    public void deauthorize(String shopId) {
        markReconnectNeeded(shopId, Shop.Status.DEAUTHORIZED);
    }

    @Override
    public void reconnectNeeded(Shop shop, Shop.Status status) {
        markReconnectNeeded(shop.shopId(), status);
    }

    /**
     * Puts a shop in a state that needs the creator to connect it again (DEAUTHORIZED, TOKEN_EXPIRED): every later
     * call for it is refused before it leaves. Only a change of status leaves a notice due ({@link #reconnectNotices}),
     * so a shop already in that state is not announced again. A shop no longer registered is left alone.
     */
    public void markReconnectNeeded(String shopId, Shop.Status status) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Map.of("shopId", AttributeValue.fromS(shopId)))
                    .updateExpression("SET #s = :s, updatedAt = :t, " + NOTICE + " = :t")
                    .conditionExpression("attribute_exists(shopId) AND #s <> :s")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(status.name()),
                            ":t", AttributeValue.fromS(clock.instant().toString()))));
        } catch (ConditionalCheckFailedException goneOrSame) {
            // disconnected meanwhile, or already in that state: nothing to mark
        }
    }

    /** A shop that moved to a reconnect-needed state and has not been announced yet. */
    public record ReconnectNotice(String shopId, String tenantId, Shop.Status status, String since) {
    }

    /** The shops whose move to a reconnect-needed state is not announced yet (a filtered Scan reading no token). */
    public List<ReconnectNotice> reconnectNotices() {
        List<ReconnectNotice> found = new ArrayList<>();
        ScanRequest scan = ScanRequest.builder().tableName(table).consistentRead(true)
                .projectionExpression("shopId, tenantId, #s, " + NOTICE)
                .filterExpression("attribute_exists(" + NOTICE + ")")
                .expressionAttributeNames(Map.of("#s", "status")).build();
        dynamo.scanPaginator(scan).items().forEach(item -> found.add(new ReconnectNotice(s(item, "shopId"),
                s(item, "tenantId"), Shop.Status.valueOf(s(item, "status")), s(item, NOTICE))));
        return found;
    }

    /** Clears a notice once announced; a newer notice (another move since) stays due. */
    public void reconnectAnnounced(ReconnectNotice notice) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Map.of("shopId", AttributeValue.fromS(notice.shopId())))
                    .updateExpression("REMOVE " + NOTICE).conditionExpression(NOTICE + " = :since")
                    .expressionAttributeValues(Map.of(":since", AttributeValue.fromS(notice.since()))));
        } catch (ConditionalCheckFailedException moved) {
            // marked again meanwhile: the newer notice goes out next run
        }
    }

    /** The tenant a shop is connected to, if any (reads no token). */
    public Optional<String> owner(String shopId) {
        var response = dynamo.getItem(r -> r.tableName(table).key(Map.of("shopId", AttributeValue.fromS(shopId)))
                .consistentRead(true).projectionExpression("tenantId"));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.ofNullable(s(response.item(), "tenantId")) : Optional.empty();
    }

    /**
     * Stores the shops of one authorization for a tenant, all or none: each write is conditioned on the shop being
     * new or already the tenant's, so a shop connected to another tenant fails the whole transaction with
     * {@link ShopConnectedElsewhere}.
     */
    public void connect(String tenantId, List<Shop> connected) {
        List<TransactWriteItem> writes = connected.stream().map(shop -> TransactWriteItem.builder().put(Put.builder()
                .tableName(table).item(toItem(shop))
                .conditionExpression("attribute_not_exists(shopId) OR tenantId = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenantId))).build()).build()).toList();
        try {
            dynamo.transactWriteItems(r -> r.transactItems(writes));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            for (int i = 0; i < reasons.size() && i < connected.size(); i++) {
                if ("ConditionalCheckFailed".equals(reasons.get(i).code())) {
                    throw new ShopConnectedElsewhere(connected.get(i).shopId());
                }
            }
            throw e;
        }
    }

    /** A tenant's shops, without their tokens (no key is needed). A filtered Scan: the registry is small. */
    public List<ShopSummary> summaries(String tenantId) {
        List<ShopSummary> found = new ArrayList<>();
        ScanRequest scan = ScanRequest.builder().tableName(table).consistentRead(true)
                .projectionExpression(SUMMARY_FIELDS).filterExpression("tenantId = :t")
                .expressionAttributeNames(Map.of("#s", "status", "#n", "name", "#r", "region"))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenantId))).build();
        dynamo.scanPaginator(scan).items().forEach(item -> found.add(summary(item)));
        found.sort(java.util.Comparator.comparing(ShopSummary::shopId));
        return found;
    }

    /** Renames a tenant's shop; another tenant's shop is {@link ShopNotFound}. */
    public ShopSummary rename(String tenantId, String shopId, String name) {
        try {
            var response = dynamo.updateItem(r -> r.tableName(table)
                    .key(Map.of("shopId", AttributeValue.fromS(shopId)))
                    .updateExpression("SET #n = :n, updatedAt = :u")
                    .conditionExpression("tenantId = :t")
                    .expressionAttributeNames(Map.of("#n", "name"))
                    .expressionAttributeValues(Map.of(":n", AttributeValue.fromS(name),
                            ":u", AttributeValue.fromS(clock.instant().toString()),
                            ":t", AttributeValue.fromS(tenantId)))
                    .returnValues(ReturnValue.ALL_NEW));
            return summary(response.attributes());
        } catch (ConditionalCheckFailedException e) {
            throw new ShopNotFound(shopId);
        }
    }

    /** Forgets a tenant's shop and its tokens; another tenant's shop is {@link ShopNotFound}. */
    public void disconnect(String tenantId, String shopId) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(Map.of("shopId", AttributeValue.fromS(shopId)))
                    .conditionExpression("tenantId = :t")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenantId))));
        } catch (ConditionalCheckFailedException e) {
            throw new ShopNotFound(shopId);
        }
    }

    private static ShopSummary summary(Map<String, AttributeValue> item) {
        Shop.Status status = Shop.Status.valueOf(s(item, "status"));
        return new ShopSummary(s(item, "shopId"), s(item, "name"), s(item, "region"), status,
                status != Shop.Status.AUTHORIZED, instant(s(item, "accessTokenExpiresAt")),
                instant(s(item, "refreshTokenExpiresAt")), instant(s(item, "updatedAt")));
    }

    /**
     * Every authorized shop. A Scan: the registry is small and this runs on a schedule (reconciliation), never on
     * the webhook path.
     */
    public List<Shop> authorized() {
        List<Shop> shops = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder scan = ScanRequest.builder().tableName(table).consistentRead(true);
            if (start != null) {
                scan.exclusiveStartKey(start);
            }
            ScanResponse page = dynamo.scan(scan.build());
            page.items().stream().map(this::fromItem).filter(Shop::authorized).forEach(shops::add);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return shops;
    }

    /**
     * The ids of a tenant's authorized shops. A filtered Scan reading no tokens: the registry has no tenant index and
     * this answers the setup check, never the order path.
     */
    public List<String> authorizedShopIds(String tenantId) {
        List<String> ids = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder scan = ScanRequest.builder().tableName(table).consistentRead(true)
                    .projectionExpression("shopId, #s").filterExpression("tenantId = :t AND #s = :a")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenantId),
                            ":a", AttributeValue.fromS(Shop.Status.AUTHORIZED.name())));
            if (start != null) {
                scan.exclusiveStartKey(start);
            }
            ScanResponse page = dynamo.scan(scan.build());
            page.items().forEach(item -> ids.add(item.get("shopId").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return ids;
    }

    /**
     * Re-seals the stored tokens of a tenant's shops (every shop when {@code tenantId} is null) with the current key
     * version. Each write is conditioned on the ciphertexts read, so a concurrent token refresh wins and the shop is
     * read again. See {@link PiiResealing}.
     */
    public PiiResealing.Tally resealTokens(String tenantId) {
        String projection = "shopId, tenantId, accessToken, refreshToken";
        ScanRequest.Builder scan = ScanRequest.builder().tableName(table).consistentRead(true)
                .projectionExpression(projection);
        if (tenantId != null) {
            scan.filterExpression("tenantId = :t")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenantId)));
        }
        return PiiResealing.run(dynamo, dynamo.scanPaginator(scan.build()).items(), this::resealUpdate,
                item -> dynamo.getItem(r -> r.tableName(table).consistentRead(true).projectionExpression(projection)
                        .key(Map.of("shopId", item.get("shopId")))).item(),
                item -> "shop " + s(item, "shopId"));
    }

    private Optional<UpdateItemRequest> resealUpdate(Map<String, AttributeValue> item) {
        List<String> sets = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>();
        for (String kind : List.of("access", "refresh")) {
            String name = kind + "Token";
            AttributeValue sealed = item.get(name);
            if (sealed == null || sealed.b() == null) {
                conditions.add("attribute_not_exists(" + name + ")");
                continue;
            }
            conditions.add(name + " = :" + kind + "Read");
            values.put(":" + kind + "Read", sealed);
            cipher.resealed(sealed.b().asByteArray(), context(s(item, "shopId"), kind)).ifPresent(fresh -> {
                sets.add(name + " = :" + kind);
                values.put(":" + kind, AttributeValue.fromB(SdkBytes.fromByteArray(fresh)));
            });
        }
        if (sets.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(UpdateItemRequest.builder().tableName(table).key(Map.of("shopId", item.get("shopId")))
                .updateExpression("SET " + String.join(", ", sets))
                .conditionExpression(String.join(" AND ", conditions)).expressionAttributeValues(values).build());
    }

    private Map<String, AttributeValue> toItem(Shop shop) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("shopId", AttributeValue.fromS(shop.shopId()));
        item.put("tenantId", AttributeValue.fromS(shop.tenantId()));
        put(item, "name", shop.name());
        put(item, "region", shop.region());
        put(item, "cipher", shop.cipher());
        item.put("status", AttributeValue.fromS(shop.status().name()));
        if (shop.accessToken() != null) {
            item.put("accessToken", AttributeValue.fromB(SdkBytes.fromByteArray(
                    cipher.encrypt(shop.accessToken(), context(shop.shopId(), "access")))));
        }
        if (shop.refreshToken() != null) {
            item.put("refreshToken", AttributeValue.fromB(SdkBytes.fromByteArray(
                    cipher.encrypt(shop.refreshToken(), context(shop.shopId(), "refresh")))));
        }
        put(item, "accessTokenExpiresAt", shop.accessTokenExpiresAt() == null ? null
                : shop.accessTokenExpiresAt().toString());
        put(item, "refreshTokenExpiresAt", shop.refreshTokenExpiresAt() == null ? null
                : shop.refreshTokenExpiresAt().toString());
        item.put("updatedAt", AttributeValue.fromS(clock.instant().toString()));
        return item;
    }

    private Shop fromItem(Map<String, AttributeValue> item) {
        String shopId = s(item, "shopId");
        return new Shop(shopId, s(item, "tenantId"), s(item, "name"), s(item, "region"), s(item, "cipher"),
                Shop.Status.valueOf(s(item, "status")), token(item, "accessToken", context(shopId, "access")),
                instant(s(item, "accessTokenExpiresAt")), token(item, "refreshToken", context(shopId, "refresh")),
                instant(s(item, "refreshTokenExpiresAt")));
    }

    private String token(Map<String, AttributeValue> item, String name, String context) {
        AttributeValue value = item.get(name);
        return value == null || value.b() == null ? null : cipher.decrypt(value.b().asByteArray(), context);
    }

    private static String context(String shopId, String kind) {
        return "shop:" + shopId + "#" + kind;
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static Instant instant(String value) {
        return value == null ? null : Instant.parse(value);
    }
}
