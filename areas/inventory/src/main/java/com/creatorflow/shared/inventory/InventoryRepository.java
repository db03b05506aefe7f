package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.Movement;
import com.creatorflow.shared.inventory.domain.MovementKind;
import com.creatorflow.shared.inventory.domain.SkuStock;
import com.creatorflow.shared.inventory.domain.StockLevel;
import static com.creatorflow.shared.inventory.InventoryItems.n;
import static com.creatorflow.shared.inventory.InventoryItems.s;

import com.creatorflow.shared.aws.Cursors;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.InsufficientStock;
import com.creatorflow.shared.store.domain.Page;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntConsumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Stock levels and movements in the Inventory table, and the way to the table's other parts: reservations
 * ({@link ReservationStore}), the back-order list, the catalog (bundles, thresholds, settings) and stock counts.
 *
 * <p>Every change of a stock item is one {@code TransactWriteItems} with its movement, so a SKU's movements always
 * add up to its on-hand and reserved units.
 */
public final class InventoryRepository extends InventoryStore {
    /** The most actions DynamoDB (and Dynoxide) accept in one {@code TransactWriteItems}. */
    public static final int MAX_TRANSACT_ITEMS = 100;

    private final BackorderList backorders;
    private final InventoryCatalog catalog;
    private final StockCounts counts;
    private final ReservationStore reservations;
    private volatile IntConsumer beforeChunk = chunk -> { };

    /**
     * @param dynamo the DynamoDB client
     * @param table the Inventory table
     * @param clock the clock stamped on changes
     * @param maxTransactItems the most actions to put in one transaction (at most {@value #MAX_TRANSACT_ITEMS})
     */
    public InventoryRepository(DynamoDbClient dynamo, String table, Clock clock, int maxTransactItems) {
        super(dynamo, table, clock, checked(maxTransactItems));
        this.backorders = new BackorderList(this);
        this.catalog = new InventoryCatalog(this);
        this.counts = new StockCounts(this);
        this.reservations = new ReservationStore(this);
    }

    private static int checked(int maxTransactItems) {
        if (maxTransactItems < 4 || maxTransactItems > MAX_TRANSACT_ITEMS) {
            throw new IllegalArgumentException("maxTransactItems must be between 4 and " + MAX_TRANSACT_ITEMS);
        }
        return maxTransactItems;
    }

    /** The back-order list on the same table. */
    public BackorderList backorders() {
        return backorders;
    }

    /** Bundles, thresholds and settings on the same table. */
    public InventoryCatalog catalog() {
        return catalog;
    }

    /** Order reservations on the same table. */
    public ReservationStore reservations() {
        return reservations;
    }

    /** Stock counts set many at a time (the CSV import). */
    StockCounts counts() {
        return counts;
    }

    /** The repository on an environment's {@code INVENTORY_TABLE}. */
    public static InventoryRepository fromEnv(Env env) {
        return new InventoryRepository(env.aws().dynamo(), env.require("INVENTORY_TABLE"), Clock.systemUTC(),
                MAX_TRANSACT_ITEMS);
    }

    /**
     * Lines per transaction when an order is written in several: room for the reservation, a back-order entry and
     * the order's move with its audit entry.
     */
    int chunkLines() {
        return Math.max(1, (maxTransactItems - 4) / 2);
    }

    /** Test seam: runs before each transaction of a write in several (a reservation, a set of stock counts). */
    void beforeChunk(IntConsumer hook) {
        this.beforeChunk = hook;
    }

    /** Runs the test seam before chunk {@code chunk} of a write in several. */
    void chunkStarting(int chunk) {
        beforeChunk.accept(chunk);
    }

    // ------------------------------------------------------------------------------------------------ stock reads

    /** A SKU's stock over all locations and its threshold (strongly consistent, one query). */
    public SkuStock stock(String tenant, String sku) {
        List<StockLevel> levels = new ArrayList<>();
        Long threshold = null;
        boolean alerted = false;
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(":pk", s(InventoryKeys.skuPk(tenant, sku)),
                            ":from", s(InventoryKeys.SKU_CONFIG), ":to", s(InventoryKeys.STOCK_END)));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse response = dynamo.query(query.build());
            for (Map<String, AttributeValue> item : response.items()) {
                if (InventoryKeys.SKU_CONFIG.equals(InventoryItems.str(item, "sk"))) {
                    threshold = item.containsKey("lowThreshold") ? InventoryItems.num(item, "lowThreshold") : null;
                    alerted = item.containsKey("lowAlerted") && item.get("lowAlerted").bool();
                } else {
                    levels.add(InventoryItems.stockLevel(item));
                }
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return new SkuStock(sku, levels, threshold, alerted);
    }

    /** Several SKUs' stock. */
    public Map<String, SkuStock> stock(String tenant, Collection<String> skus) {
        Map<String, SkuStock> result = new LinkedHashMap<>();
        for (String sku : skus) {
            result.put(sku, stock(tenant, sku));
        }
        return result;
    }

    /** A tenant's stock items, by SKU then location (the {@code byCollection} index, then the items). */
    public Page<StockLevel> listStock(String tenant, int limit, String cursor) {
        Page<Map<String, AttributeValue>> page = collection(tenant, InventoryKeys.stockCollection(tenant), limit,
                cursor);
        return new Page<>(page.items().stream().map(InventoryItems::stockLevel).toList(), page.nextCursor());
    }

    // ------------------------------------------------------------------------------------------------ stock changes

    /**
     * Changes the on-hand units of a SKU at a location by a delta, with its movement, in one transaction. A decrease
     * may not take available units below zero.
     *
     * @return the stock after the change
     * @throws InsufficientStock when a decrease would take available below zero
     */
    public StockLevel changeOnHand(String tenant, String sku, String location, long delta, MovementKind kind,
                                   String reason, String actor, String orderId) {
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = null;
        if (delta < 0) {
            condition = "available >= :need";
            values.put(":need", n(-delta));
        }
        Movement movement = movement(sku, location, kind, delta, 0, orderId, reason, actor);
        try {
            transact(List.of(stockUpdate(tenant, sku, location, delta, 0, condition, values),
                    put(InventoryItems.movementItem(tenant, movement), null, Map.of())));
        } catch (TransactionCanceledException e) {
            if (codeAt(e, 0).equals(CCF)) {
                long available = stock(tenant, sku).at(location).map(StockLevel::available).orElse(0L);
                throw new InsufficientStock(sku, "removing " + (-delta) + " units of " + sku + " at " + location
                        + " would take available below zero (available: " + available + ")");
            }
            throw retryable(e);
        }
        return stock(tenant, sku).at(location).orElseThrow();
    }

    TransactWriteItem stockUpdate(String tenant, String sku, String location, long onHandDelta,
                                          long reservedDelta, String condition, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":zero", n(0));
        all.put(":dOnHand", n(onHandDelta));
        all.put(":dReserved", n(reservedDelta));
        all.put(":dAvailable", n(onHandDelta - reservedDelta));
        all.put(":now", s(clock.instant().toString()));
        all.put(":sku", s(sku));
        all.put(":location", s(location));
        all.put(":tenant", s(tenant));
        all.put(":collection", s(InventoryKeys.stockCollection(tenant)));
        all.put(":order", s(sku + "#" + location));
        all.put(":type", s("STOCK"));
        Update update = Update.builder().tableName(table)
                .key(key(InventoryKeys.skuPk(tenant, sku), InventoryKeys.stockSk(location)))
                .updateExpression("SET onHand = if_not_exists(onHand, :zero) + :dOnHand, "
                        + "reserved = if_not_exists(reserved, :zero) + :dReserved, "
                        + "available = if_not_exists(available, :zero) + :dAvailable, updatedAt = :now, "
                        + "sku = if_not_exists(sku, :sku), #location = if_not_exists(#location, :location), "
                        + "tenantId = if_not_exists(tenantId, :tenant), #type = if_not_exists(#type, :type), "
                        + "gsi1pk = if_not_exists(gsi1pk, :collection), gsi1sk = if_not_exists(gsi1sk, :order)")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#location", "location", "#type", "type"))
                .expressionAttributeValues(all)
                .build();
        return TransactWriteItem.builder().update(update).build();
    }

    Movement movement(String sku, String location, MovementKind kind, long onHandDelta, long reservedDelta,
                      String orderId, String reason, String actor) {
        return new Movement(UUID.randomUUID().toString().replace("-", "").substring(0, 16), sku, location, kind,
                onHandDelta, reservedDelta, orderId, reason, actor, clock.instant());
    }

    /** A SKU's movements, newest first. */
    public Page<Movement> movements(String tenant, String sku, int limit, String cursor) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :mov)")
                .expressionAttributeValues(Map.of(":pk", s(InventoryKeys.skuPk(tenant, sku)),
                        ":mov", s(InventoryKeys.MOVEMENT_PREFIX)))
                .scanIndexForward(false)
                .limit(Math.max(1, Math.min(MAX_PAGE, limit)));
        if (cursor != null && !cursor.isBlank()) {
            query.exclusiveStartKey(Cursors.decode(tenant, cursor, "pk"));
        }
        QueryResponse response = dynamo.query(query.build());
        String next = response.hasLastEvaluatedKey() ? Cursors.encode(response.lastEvaluatedKey()) : null;
        return new Page<>(response.items().stream().map(InventoryItems::movement).toList(), next);
    }
}
