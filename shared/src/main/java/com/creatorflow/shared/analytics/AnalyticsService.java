package com.creatorflow.shared.analytics;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.store.OrderRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Creators' analytics from lifecycle events: per tenant and UTC day, how many orders arrived, shipped, needed a
 * person, were cancelled or returned, revenue per currency, time to ship, and the automation rate (orders shipped
 * without any human touch). Each event is counted exactly once whatever the delivery order or repeats: a marker per
 * (order, version) is written in the same transaction as the counters.
 */
public final class AnalyticsService {
    private static final long MARKER_TTL_SECONDS = Duration.ofDays(35).toSeconds();
    private static final int MAX_DAYS = 366;

    private final DynamoDbClient dynamo;
    private final String table;
    private final OrderRepository orders;

    public AnalyticsService(DynamoDbClient dynamo, String table, OrderRepository orders) {
        this.dynamo = dynamo;
        this.table = table;
        this.orders = orders;
    }

    /**
     * One lifecycle event.
     *
     * @param tenantId the tenant
     * @param orderId the order
     * @param from the state before (null for a new order)
     * @param to the state after
     * @param version the order version the event produced
     * @param at when it happened
     */
    public record Transition(String tenantId, String orderId, String from, String to, long version, Instant at) {
    }

    /**
     * The states whose arrival analytics counts; moves to other states (RESERVED, LABELED, BACKORDERED, ...) count
     * nothing and are not recorded (the template's rule does not deliver them).
     */
    public static final Set<String> COUNTED = Set.of("RECEIVED", "READY", "NEEDS_ATTENTION", "SHIPPED", "DELIVERED",
            "CANCELLED", "RETURNED");

    /** True when an event moving an order to this state is counted. */
    public static boolean counts(String state) {
        return COUNTED.contains(state);
    }

    /** Counts one event; returns false when it was counted before or is not counted at all ({@link #counts}). */
    public boolean record(Transition event) {
        if (!counts(event.to())) {
            return false;
        }
        String day = "day#" + LocalDate.ofInstant(event.at(), ZoneOffset.UTC);
        Map<String, Long> add = new LinkedHashMap<>();
        String tracker = "order#" + event.orderId();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).conditionExpression("attribute_not_exists(sk)")
                .item(Map.of("tenantId", s(event.tenantId()), "sk", s("seen#" + event.orderId() + "#" + event.version()),
                        "expiresAt", n(event.at().getEpochSecond() + MARKER_TTL_SECONDS)))).build());
        switch (event.to()) {
            case "RECEIVED" -> {
                add.put("received", 1L);
                writes.add(trackerUpdate(event, tracker, "SET createdAt = if_not_exists(createdAt, :at)", Map.of()));
            }
            case "READY" -> revenue(event).ifPresent(money -> add.put("revenue_" + money.currency(), money.minor()));
            case "NEEDS_ATTENTION" -> {
                add.put("needsAttention", 1L);
                writes.add(trackerUpdate(event, tracker, "SET touched = :yes", Map.of(":yes", AttributeValue.fromBool(true))));
            }
            case "SHIPPED" -> {
                add.put("shipped", 1L);
                Map<String, AttributeValue> tracked = dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                        .key(Map.of("tenantId", s(event.tenantId()), "sk", s(tracker)))).item();
                boolean touched = tracked != null && tracked.containsKey("touched");
                add.put(touched ? "shippedWithTouch" : "shippedTouchless", 1L);
                if (tracked != null && tracked.containsKey("createdAt")) {
                    long seconds = event.at().getEpochSecond() - Instant.parse(tracked.get("createdAt").s()).getEpochSecond();
                    add.put("shipSecondsSum", Math.max(0, seconds));
                    add.put("shipTimed", 1L);
                }
            }
            case "DELIVERED" -> add.put("delivered", 1L);
            case "CANCELLED" -> add.put("cancelled", 1L);
            case "RETURNED" -> add.put("returned", 1L);
            default -> throw new IllegalStateException("analytics does not count moves to " + event.to());
        }
        writes.add(counterUpdate(event.tenantId(), day, add));
        try {
            dynamo.transactWriteItems(r -> r.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.hasCancellationReasons() && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
                return false;
            }
            throw e;
        }
    }

    private Optional<com.creatorflow.shared.order.Money> revenue(Transition event) {
        return orders.find(event.tenantId(), event.orderId()).map(Order::totals)
                .map(totals -> totals.total());
    }

    private TransactWriteItem trackerUpdate(Transition event, String tracker, String expression,
                                            Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        if (expression.contains(":at")) {
            all.put(":at", s(event.at().toString()));
        }
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Map.of("tenantId", s(event.tenantId()), "sk", s(tracker)))
                .updateExpression(expression)
                .expressionAttributeValues(all.isEmpty() ? null : all)).build();
    }

    private TransactWriteItem counterUpdate(String tenantId, String day, Map<String, Long> add) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> parts = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Long> entry : add.entrySet()) {
            names.put("#c" + i, entry.getKey());
            values.put(":c" + i, n(entry.getValue()));
            parts.add("#c" + i + " :c" + i);
            i++;
        }
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Map.of("tenantId", s(tenantId), "sk", s(day)))
                .updateExpression("ADD " + String.join(", ", parts))
                .expressionAttributeNames(names).expressionAttributeValues(values)).build();
    }

    /**
     * A period's figures.
     *
     * @param days counters per day (only days with activity)
     * @param totals counters summed over the period
     * @param automationRate shipped without a human touch / shipped (null when nothing shipped)
     * @param averageHoursToShip from arrival to shipment (null when unknown)
     */
    public record Report(Map<String, Map<String, Long>> days, Map<String, Long> totals, Double automationRate,
                         Double averageHoursToShip) {
    }

    /** The figures of a tenant between two UTC days, inclusive ("2026-11-01"). */
    public Report report(String tenantId, String fromDay, String toDay) {
        LocalDate from = day("from", fromDay);
        LocalDate to = day("to", toDay);
        if (to.isBefore(from) || from.plusDays(MAX_DAYS).isBefore(to)) {
            throw new ValidationFailed("to", "to must be on or after from, at most " + MAX_DAYS + " days later");
        }
        Map<String, Map<String, Long>> days = new TreeMap<>();
        Map<String, Long> totals = new TreeMap<>();
        Map<String, AttributeValue> start = null;
        do {
            var query = software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder().tableName(table)
                    .keyConditionExpression("tenantId = :t AND sk BETWEEN :a AND :b")
                    .expressionAttributeValues(Map.of(":t", s(tenantId), ":a", s("day#" + from), ":b", s("day#" + to)));
            if (start != null) {
                query.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(query.build());
            for (Map<String, AttributeValue> item : page.items()) {
                Map<String, Long> counters = new TreeMap<>();
                item.forEach((name, value) -> {
                    if (value.n() != null && !name.equals("expiresAt")) {
                        counters.put(name, Long.parseLong(value.n()));
                        totals.merge(name, Long.parseLong(value.n()), Long::sum);
                    }
                });
                days.put(item.get("sk").s().substring(4), counters);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        long shipped = totals.getOrDefault("shipped", 0L);
        Double automation = shipped == 0 ? null : totals.getOrDefault("shippedTouchless", 0L) / (double) shipped;
        long timed = totals.getOrDefault("shipTimed", 0L);
        Double hours = timed == 0 ? null : totals.getOrDefault("shipSecondsSum", 0L) / 3600.0 / timed;
        return new Report(days, totals, automation, hours);
    }

    private static LocalDate day(String field, String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new ValidationFailed(field, field + " must be a date like 2026-11-25");
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
