package com.creatorflow.shared.analytics;

import com.creatorflow.shared.analytics.domain.OrderContribution;
import com.creatorflow.shared.aws.BatchReads;
import com.creatorflow.shared.config.ConfigCache;
import com.creatorflow.shared.error.TransientFailure;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.rules.RuleSet;
import com.creatorflow.shared.rules.RuleSetStore;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.OrderQuery;
import com.creatorflow.shared.store.domain.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The tenants' analytics aggregates in the analytics table: per order its stored {@link OrderContribution}
 * ({@code contrib#<orderId>}, with a revision), and per arrival day the sum of its orders' contributions
 * ({@code agg#<YYYY-MM-DD>}, with a revision bumped by every write). Reconciling an order recomputes its
 * contribution from the order and its audit trail and, when it differs from the stored one, writes the new one and
 * adds the difference to the day's counters in one transaction conditioned on the stored revision: a replayed or
 * late event recomputes the same contribution and writes nothing, and two writers of the same order cannot both
 * apply a difference.
 */
public final class AnalyticsAggregates {
    private static final int ORDERS_PER_TRANSACTION = 25;
    private static final int MAX_CELLS_PER_ITEM = 250;
    private static final int MAX_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String table;
    private final OrderRepository orders;
    private final RuleSetStore rules;
    private final ConfigCache<ZoneId> zones;

    /** Aggregates that read the creator's time zone every time (the creators' API). */
    public AnalyticsAggregates(DynamoDbClient dynamo, String table, OrderRepository orders, RuleSetStore rules) {
        this(dynamo, table, orders, rules, Duration.ZERO);
    }

    /**
     * Aggregates that serve the creator's time zone from memory for {@code zoneMaxAge} ({@link ConfigCache}), as the
     * event consumer does: a changed zone applies to the events counted after that time.
     */
    public AnalyticsAggregates(DynamoDbClient dynamo, String table, OrderRepository orders, RuleSetStore rules,
                               Duration zoneMaxAge) {
        this.dynamo = dynamo;
        this.table = table;
        this.orders = orders;
        this.rules = rules;
        this.zones = new ConfigCache<>(zoneMaxAge, Clock.systemUTC());
    }

    /** The creator's time zone: the one of its rules ({@code PUT /v1/rules}), UTC before any rules are saved. */
    public ZoneId zone(String tenantId) {
        return zones.get(tenantId, tenant -> rules.active(tenant).map(RuleSet::zone)
                .orElse(ZoneId.of(RuleSet.DEFAULT_TIME_ZONE)));
    }

    /** The contribution an order makes now (empty when the order no longer exists). */
    public Optional<OrderContribution> compute(String tenantId, String orderId, ZoneId zone) {
        return orders.find(tenantId, orderId)
                .map(order -> OrderContribution.of(order, orders.history(tenantId, orderId), zone));
    }

    /**
     * Brings the stored contributions of these orders of a tenant up to date and applies the differences to the day
     * counters. Returns how many orders changed. A transaction refused by a concurrent writer is recomputed and
     * retried a few times, then {@link TransientFailure}.
     */
    public int reconcile(String tenantId, List<String> orderIds) {
        ZoneId zone = zone(tenantId);
        List<String> distinct = orderIds.stream().distinct().toList();
        int changed = 0;
        for (int i = 0; i < distinct.size(); i += ORDERS_PER_TRANSACTION) {
            changed += reconcileChunk(tenantId, distinct.subList(i, Math.min(distinct.size(),
                    i + ORDERS_PER_TRANSACTION)), zone);
        }
        return changed;
    }

    private int reconcileChunk(String tenantId, List<String> orderIds, ZoneId zone) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Map<String, Stored> stored = storedContributions(tenantId, orderIds);
            List<TransactWriteItem> puts = new ArrayList<>();
            Map<String, Map<String, Long>> deltas = new TreeMap<>();
            int changed = 0;
            int processed = 0;
            for (String orderId : orderIds) {
                Stored before = stored.get(orderId);
                OrderContribution after = compute(tenantId, orderId, zone).orElse(null);
                Map<String, Map<String, Long>> delta = difference(before, after);
                if (delta.isEmpty() && (before == null) == (after == null)) {
                    processed++;
                    continue;
                }
                if (wouldOverflow(deltas, delta) && changed > 0) {
                    break;
                }
                processed++;
                delta.forEach((day, cells) -> cells.forEach((name, value) -> deltas
                        .computeIfAbsent(day, k -> new TreeMap<>()).merge(name, value, Long::sum)));
                puts.add(contributionWrite(tenantId, orderId, before, after));
                changed++;
            }
            if (puts.isEmpty()) {
                return 0;
            }
            List<TransactWriteItem> writes = new ArrayList<>(puts);
            deltas.forEach((day, cells) -> writes.add(dayUpdate(tenantId, day, cells)));
            try {
                dynamo.transactWriteItems(r -> r.transactItems(writes));
                if (processed < orderIds.size()) {
                    return changed + reconcileChunk(tenantId, orderIds.subList(processed, orderIds.size()), zone);
                }
                return changed;
            } catch (TransactionCanceledException refused) {
                pause(attempt);
            }
        }
        throw new TransientFailure("analytics aggregates kept colliding with concurrent writers; retry");
    }

    private static boolean wouldOverflow(Map<String, Map<String, Long>> deltas, Map<String, Map<String, Long>> more) {
        for (Map.Entry<String, Map<String, Long>> day : more.entrySet()) {
            Map<String, Long> existing = deltas.getOrDefault(day.getKey(), Map.of());
            long added = day.getValue().keySet().stream().filter(name -> !existing.containsKey(name)).count();
            if (existing.size() + added > MAX_CELLS_PER_ITEM) {
                return true;
            }
        }
        return false;
    }

    /** Per day, what to add to go from the stored contribution to the new one (no zero entries). */
    private static Map<String, Map<String, Long>> difference(Stored before, OrderContribution after) {
        Map<String, Map<String, Long>> delta = new TreeMap<>();
        if (after != null) {
            after.cells().forEach((name, value) -> delta.computeIfAbsent(after.day(), k -> new TreeMap<>())
                    .merge(name, value, Long::sum));
        }
        if (before != null) {
            before.contribution().cells().forEach((name, value) -> delta
                    .computeIfAbsent(before.contribution().day(), k -> new TreeMap<>()).merge(name, -value, Long::sum));
        }
        delta.values().forEach(cells -> cells.values().removeIf(value -> value == 0));
        delta.values().removeIf(Map::isEmpty);
        return delta;
    }

    private TransactWriteItem contributionWrite(String tenantId, String orderId, Stored before,
                                                OrderContribution after) {
        Map<String, AttributeValue> key = key(tenantId, "contrib#" + orderId);
        long revision = before == null ? 0 : before.revision();
        if (after == null) {
            return TransactWriteItem.builder().delete(d -> d.tableName(table).key(key)
                    .conditionExpression("#rev = :rev").expressionAttributeNames(Map.of("#rev", "rev"))
                    .expressionAttributeValues(Map.of(":rev", n(revision)))).build();
        }
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("day", AttributeValue.fromS(after.day()));
        item.put("cells", AttributeValue.fromS(Json.write(after.cells())));
        item.put("rev", n(revision + 1));
        return TransactWriteItem.builder().put(p -> {
            p.tableName(table).item(item);
            if (before == null) {
                p.conditionExpression("attribute_not_exists(sk)");
            } else {
                p.conditionExpression("#rev = :rev").expressionAttributeNames(Map.of("#rev", "rev"))
                        .expressionAttributeValues(Map.of(":rev", n(revision)));
            }
        }).build();
    }

    private TransactWriteItem dayUpdate(String tenantId, String day, Map<String, Long> cells) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> parts = new ArrayList<>();
        names.put("#rev", "rev");
        values.put(":one", n(1));
        parts.add("#rev :one");
        int i = 0;
        for (Map.Entry<String, Long> cell : cells.entrySet()) {
            names.put("#c" + i, cell.getKey());
            values.put(":c" + i, n(cell.getValue()));
            parts.add("#c" + i + " :c" + i);
            i++;
        }
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(key(tenantId, dayKey(day)))
                .updateExpression("ADD " + String.join(", ", parts))
                .expressionAttributeNames(names).expressionAttributeValues(values)).build();
    }

    /** A stored contribution and its revision. */
    private record Stored(OrderContribution contribution, long revision) {
    }

    private Map<String, Stored> storedContributions(String tenantId, List<String> orderIds) {
        List<Map<String, AttributeValue>> keys = orderIds.stream().map(id -> key(tenantId, "contrib#" + id)).toList();
        Map<String, Stored> found = new HashMap<>();
        BatchReads.get(dynamo, table, keys).forEach(item -> found.put(item.get("sk").s().substring(8),
                new Stored(new OrderContribution(item.get("day").s(), cells(item.get("cells").s())),
                        Long.parseLong(item.get("rev").n()))));
        return found;
    }

    /**
     * What a day's rebuild did.
     *
     * @param day the day
     * @param orders orders that arrived on it
     * @param corrected orders whose stored contribution was out of date
     * @param attempts how many times the day's counters were written before no concurrent change intervened
     */
    public record DayRebuild(String day, int orders, int corrected, int attempts) {
    }

    /**
     * Recomputes one day of a tenant from the orders that arrived on it and their audit trails, safe while events
     * flow: first every order of the day is reconciled (conditional per order, as for an event), then the day's
     * counters are replaced by the sum of those orders' stored contributions, on the condition that the day's
     * revision did not move since it was read (an event applied meanwhile makes it read and sum again).
     */
    public DayRebuild rebuildDay(String tenantId, LocalDate day) {
        ZoneId zone = zone(tenantId);
        List<String> ids = new ArrayList<>();
        String cursor = null;
        OrderQuery query = OrderQuery.builder().created(day.atStartOfDay(zone).toInstant(),
                day.plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1)).build();
        do {
            Page<Order> page = orders.search(tenantId, query, 100, cursor);
            page.items().forEach(order -> ids.add(order.orderId()));
            cursor = page.nextCursor();
        } while (cursor != null);
        int corrected = reconcile(tenantId, ids);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> current = dayItem(tenantId, day.toString());
            Map<String, Long> sum = new TreeMap<>();
            storedContributions(tenantId, ids).values().stream()
                    .filter(stored -> stored.contribution().day().equals(day.toString()))
                    .forEach(stored -> stored.contribution().cells().forEach((name, value) ->
                            sum.merge(name, value, Long::sum)));
            Map<String, AttributeValue> item = new LinkedHashMap<>(key(tenantId, dayKey(day.toString())));
            sum.forEach((name, value) -> item.put(name, n(value)));
            long revision = current == null ? 0 : Long.parseLong(current.get("rev").n());
            item.put("rev", n(revision + 1));
            try {
                dynamo.putItem(p -> {
                    p.tableName(table).item(item);
                    if (current == null) {
                        p.conditionExpression("attribute_not_exists(sk)");
                    } else {
                        p.conditionExpression("#rev = :rev").expressionAttributeNames(Map.of("#rev", "rev"))
                                .expressionAttributeValues(Map.of(":rev", n(revision)));
                    }
                });
                return new DayRebuild(day.toString(), ids.size(), corrected, attempt);
            } catch (ConditionalCheckFailedException movedMeanwhile) {
                pause(attempt);
            }
        }
        throw new TransientFailure("the day " + day + " kept changing during its rebuild; retry");
    }

    private Map<String, AttributeValue> dayItem(String tenantId, String day) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(key(tenantId, dayKey(day)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }

    /** The counters of each day between two days (inclusive) that has any, by day. */
    public Map<LocalDate, Map<String, Long>> days(String tenantId, LocalDate from, LocalDate to) {
        Map<LocalDate, Map<String, Long>> days = new TreeMap<>();
        Map<String, AttributeValue> start = null;
        do {
            var query = software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder().tableName(table)
                    .keyConditionExpression("tenantId = :t AND sk BETWEEN :a AND :b")
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenantId),
                            ":a", AttributeValue.fromS(dayKey(from.toString())),
                            ":b", AttributeValue.fromS(dayKey(to.toString()))));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(query.build());
            for (Map<String, AttributeValue> item : page.items()) {
                Map<String, Long> cells = new TreeMap<>();
                item.forEach((name, value) -> {
                    if (name.contains("|") && value.n() != null && !"0".equals(value.n())) {
                        cells.put(name, Long.parseLong(value.n()));
                    }
                });
                days.put(LocalDate.parse(item.get("sk").s().substring(4)), cells);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return days;
    }

    private static Map<String, Long> cells(String json) {
        Map<String, Long> cells = new TreeMap<>();
        Json.tree(json).properties().forEach(cell -> cells.put(cell.getKey(), cell.getValue().asLong()));
        return cells;
    }

    private static String dayKey(String day) {
        return "agg#" + day;
    }

    private static Map<String, AttributeValue> key(String tenantId, String sk) {
        return Map.of("tenantId", AttributeValue.fromS(tenantId), "sk", AttributeValue.fromS(sk));
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(10, 50L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while retrying analytics aggregates");
        }
    }
}
