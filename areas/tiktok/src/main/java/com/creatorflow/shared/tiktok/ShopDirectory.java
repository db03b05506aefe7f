package com.creatorflow.shared.tiktok;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.tiktok.domain.Shop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Shop id to tenant, for the webhook path: reads only the shop's id, tenant and status (never the tokens, so no key
 * is needed) and keeps known shops in memory for a short time, so a webhook usually costs no read.
 */
public final class ShopDirectory {
    private static final Duration CACHE_FOR = Duration.ofSeconds(30);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * A shop's owner and authorization.
     *
     * @param shopId TikTok's shop id
     * @param tenantId our tenant
     * @param authorized false after SELLER_DEAUTHORIZATION
     */
    public record Entry(String shopId, String tenantId, boolean authorized) {
    }

    private record Cached(Entry entry, Instant until) {
    }

    /**
     * @param dynamo the DynamoDB client
     * @param table the shops table
     * @param clock the clock of the cache
     */
    public ShopDirectory(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /** The directory on {@code SHOPS_TABLE}. */
    public static ShopDirectory fromEnv(Env env) {
        return new ShopDirectory(env.aws().dynamo(), env.require("SHOPS_TABLE"), Clock.systemUTC());
    }

    /**
     * The tenants that have a shop, whatever its status. A Scan projected to the tenant: the registry is small and
     * this serves scheduled jobs (the stuck-order sweeper), never the webhook path.
     */
    public Set<String> tenantIds() {
        Set<String> tenants = new TreeSet<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder scan = ScanRequest.builder().tableName(table).projectionExpression("tenantId");
            if (start != null) {
                scan.exclusiveStartKey(start);
            }
            ScanResponse page = dynamo.scan(scan.build());
            page.items().forEach(item -> tenants.add(item.get("tenantId").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return tenants;
    }

    /** The shop, when we serve it. Unknown shops are not cached, so a shop registered a moment ago is found. */
    public Optional<Entry> find(String shopId) {
        Cached cached = cache.get(shopId);
        Instant now = clock.instant();
        if (cached != null && cached.until().isAfter(now)) {
            return Optional.of(cached.entry());
        }
        var response = dynamo.getItem(r -> r.tableName(table).key(Map.of("shopId", AttributeValue.fromS(shopId)))
                .projectionExpression("shopId, tenantId, #s").expressionAttributeNames(Map.of("#s", "status")));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = response.item();
        Entry entry = new Entry(shopId, item.get("tenantId").s(),
                Shop.Status.AUTHORIZED.name().equals(item.get("status").s()));
        cache.put(shopId, new Cached(entry, now.plus(CACHE_FOR)));
        return Optional.of(entry);
    }
}
