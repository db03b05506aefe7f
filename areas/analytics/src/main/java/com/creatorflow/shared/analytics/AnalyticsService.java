package com.creatorflow.shared.analytics;

import com.creatorflow.shared.aws.BatchReads;
import com.creatorflow.shared.error.TransientFailure;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.lifecycle.Lifecycle;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.store.OrderRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Creators' analytics from lifecycle events: per tenant and UTC day, how many orders arrived, shipped, needed a
 * person, were cancelled or returned, revenue per currency, time to ship, and the automation rate (orders shipped
 * without any human touch). Each event is counted exactly once whatever the delivery order or repeats: a marker per
 * (order, version) is written in the same transaction as the counters. An order counts as received once, at its
 * first appearance (its {@code OrderCreated} event in whatever state it was stored, or the first counted move seen
 * when that event is late): the order's tracker records the arrival on the condition that none is recorded yet.
 */
public final class AnalyticsService {
    private static final long MARKER_TTL_SECONDS = Duration.ofDays(35).toSeconds();
    private static final int MAX_DAYS = 366;
    private static final int EVENTS_PER_TRANSACTION = 25;
    private static final int MAX_ATTEMPTS = 5;

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
     * @param from the state before (null for a new order: an {@code OrderCreated} event)
     * @param to the state after
     * @param version the order version the event produced
     * @param at when it happened
     */
    public record Transition(String tenantId, String orderId, String from, String to, long version, Instant at) {
    }

    /**
     * True when an event is counted: a new order in any state, or a move to a state {@link Lifecycle#isCounted}
     * (moves to RESERVED, LABELED, BACKORDERED, ... count nothing; the template's rule does not deliver them).
     */
    private static boolean counts(Transition event) {
        return event.from() == null || isCountedState(event.to());
    }

    private static boolean isCountedState(String state) {
        try {
            return Lifecycle.isCounted(OrderState.valueOf(state));
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    /**
     * What a batch did.
     *
     * @param counted events counted now
     * @param repeated events counted before (or twice in the batch), which changed nothing
     */
    public record Recorded(int counted, int repeated) {
    }

    /**
     * Counts a batch of events (moves to states not {@link #counts counted} are ignored) in one transaction per
     * {@value #EVENTS_PER_TRANSACTION} events: a marker per (order, version) on the condition that it is new, one
     * update per order's tracker (the arrival on the condition that none is recorded), and one counter update per
     * tenant and day, so a busy tenant's daily counters take one write per batch rather than one per event. Events
     * whose marker exists were counted before: they are left out and the rest written again. A transaction that
     * collides with a concurrent batch on the same counters or arrivals is retried a few times, then
     * {@link TransientFailure} (the queue brings the batch back; the markers and arrivals keep it exact).
     */
    public Recorded recordAll(List<Transition> events) {
        int counted = 0;
        int repeated = 0;
        List<Transition> wanted = events.stream().filter(AnalyticsService::counts).toList();
        for (int i = 0; i < wanted.size(); i += EVENTS_PER_TRANSACTION) {
            Recorded part = recordTogether(wanted.subList(i, Math.min(wanted.size(), i + EVENTS_PER_TRANSACTION)));
            counted += part.counted();
            repeated += part.repeated();
        }
        return new Recorded(counted, repeated);
    }

    private Recorded recordTogether(List<Transition> events) {
        Map<String, Transition> pending = new LinkedHashMap<>();
        events.stream().sorted(Comparator.comparing(Transition::orderId).thenComparingLong(Transition::version))
                .forEach(e -> pending.putIfAbsent(marker(e), e));
        int repeated = events.size() - pending.size();
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (pending.isEmpty()) {
                return new Recorded(0, repeated);
            }
            List<Transition> batch = new ArrayList<>(pending.values());
            try {
                dynamo.transactWriteItems(r -> r.transactItems(writes(batch)));
                return new Recorded(batch.size(), repeated);
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                int before = pending.size();
                for (int k = 0; k < batch.size() && k < reasons.size(); k++) {
                    if ("ConditionalCheckFailed".equals(reasons.get(k).code())) {
                        pending.remove(marker(batch.get(k)));
                    }
                }
                repeated += before - pending.size();
                boolean conflict = reasons.stream().anyMatch(reason -> "TransactionConflict".equals(reason.code()))
                        || reasons.stream().skip(batch.size())
                                .anyMatch(reason -> "ConditionalCheckFailed".equals(reason.code()));
                if (pending.size() == before && !conflict) {
                    throw e;
                }
                if (pending.size() == before) {
                    pause(attempt);
                }
            }
        }
        throw new TransientFailure("analytics counters kept colliding with concurrent batches; retry");
    }

    /** An item of the analytics table: the tenant and the sort key (a day's counters, an order's tracker). */
    private record ItemKey(String tenantId, String sk) {
        Map<String, AttributeValue> attributes() {
            return Map.of("tenantId", s(tenantId), "sk", s(sk));
        }
    }

    /**
     * The transaction of a batch: the markers first (in the batch's order, so a refused one is found by index),
     * then the trackers (a refused one is an arrival recorded meanwhile by another batch), then the counters.
     */
    private List<TransactWriteItem> writes(List<Transition> batch) {
        Map<ItemKey, Map<String, AttributeValue>> trackers = storedTrackers(batch);
        Map<ItemKey, Instant> arrivals = new LinkedHashMap<>();
        for (Transition event : batch) {
            ItemKey tracker = tracker(event);
            if (!trackers.getOrDefault(tracker, Map.of()).containsKey("createdAt")) {
                arrivals.merge(tracker, event.at(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        Set<ItemKey> touched = new HashSet<>();
        Map<ItemKey, Map<String, Long>> counters = new LinkedHashMap<>();
        arrivals.forEach((tracker, at) -> counters.computeIfAbsent(day(tracker.tenantId(), at), k -> new TreeMap<>())
                .merge("received", 1L, Long::sum));
        List<TransactWriteItem> writes = new ArrayList<>();
        for (Transition event : batch) {
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table)
                    .conditionExpression("attribute_not_exists(sk)")
                    .item(Map.of("tenantId", s(event.tenantId()), "sk", s(marker(event)),
                            "expiresAt", n(event.at().getEpochSecond() + MARKER_TTL_SECONDS)))).build());
            ItemKey tracker = tracker(event);
            Map<String, Long> add = counters.computeIfAbsent(day(event.tenantId(), event.at()), k -> new TreeMap<>());
            switch (event.to()) {
                case "READY" -> revenue(event).ifPresent(money -> add.merge("revenue_" + money.currency(),
                        money.minor(), Long::sum));
                case "NEEDS_ATTENTION" -> {
                    add.merge("needsAttention", 1L, Long::sum);
                    touched.add(tracker);
                }
                case "SHIPPED" -> {
                    add.merge("shipped", 1L, Long::sum);
                    Map<String, AttributeValue> stored = trackers.getOrDefault(tracker, Map.of());
                    boolean wasTouched = stored.containsKey("touched") || touched.contains(tracker);
                    add.merge(wasTouched ? "shippedWithTouch" : "shippedTouchless", 1L, Long::sum);
                    Instant created = stored.containsKey("createdAt") ? Instant.parse(stored.get("createdAt").s())
                            : arrivals.get(tracker);
                    if (created != null) {
                        add.merge("shipSecondsSum", Math.max(0, event.at().getEpochSecond()
                                - created.getEpochSecond()), Long::sum);
                        add.merge("shipTimed", 1L, Long::sum);
                    }
                }
                case "DELIVERED" -> add.merge("delivered", 1L, Long::sum);
                case "CANCELLED" -> add.merge("cancelled", 1L, Long::sum);
                case "RETURNED" -> add.merge("returned", 1L, Long::sum);
                default -> {
                    // RECEIVED, or a new order stored in another uncounted state: only its arrival counts
                }
            }
        }
        Set<ItemKey> trackerKeys = new LinkedHashSet<>(arrivals.keySet());
        trackerKeys.addAll(touched);
        for (ItemKey tracker : trackerKeys) {
            writes.add(trackerUpdate(tracker, arrivals.get(tracker), touched.contains(tracker)));
        }
        counters.forEach((day, add) -> {
            if (!add.isEmpty()) {
                writes.add(counterUpdate(day, add));
            }
        });
        return writes;
    }

    /** The stored trackers of the batch's orders (arrival time, whether a person touched them). */
    private Map<ItemKey, Map<String, AttributeValue>> storedTrackers(List<Transition> batch) {
        List<Map<String, AttributeValue>> keys = batch.stream().map(event -> tracker(event).attributes()).distinct()
                .toList();
        Map<ItemKey, Map<String, AttributeValue>> found = new HashMap<>();
        BatchReads.get(dynamo, table, keys).forEach(item -> found.put(
                new ItemKey(item.get("tenantId").s(), item.get("sk").s()), item));
        return found;
    }

    private static String marker(Transition event) {
        return "seen#" + event.orderId() + "#" + event.version();
    }

    private static ItemKey day(String tenantId, Instant at) {
        return new ItemKey(tenantId, "day#" + LocalDate.ofInstant(at, ZoneOffset.UTC));
    }

    private static ItemKey tracker(Transition event) {
        return new ItemKey(event.tenantId(), "order#" + event.orderId());
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(10, 40L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while retrying analytics counters");
        }
    }

    private Optional<com.creatorflow.shared.order.Money> revenue(Transition event) {
        return orders.find(event.tenantId(), event.orderId()).map(Order::totals)
                .map(totals -> totals.total());
    }

    /** A tracker's update; recording the arrival ({@code createdAt}) requires that none is recorded yet. */
    private TransactWriteItem trackerUpdate(ItemKey tracker, Instant arrivedAt, boolean touched) {
        List<String> sets = new ArrayList<>();
        Map<String, AttributeValue> values = new HashMap<>();
        if (arrivedAt != null) {
            sets.add("createdAt = :at");
            values.put(":at", s(arrivedAt.toString()));
        }
        if (touched) {
            sets.add("touched = :yes");
            values.put(":yes", AttributeValue.fromBool(true));
        }
        return TransactWriteItem.builder().update(u -> {
            u.tableName(table).key(tracker.attributes()).updateExpression("SET " + String.join(", ", sets))
                    .expressionAttributeValues(values);
            if (arrivedAt != null) {
                u.conditionExpression("attribute_not_exists(createdAt)");
            }
        }).build();
    }

    private TransactWriteItem counterUpdate(ItemKey day, Map<String, Long> add) {
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
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(day.attributes())
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
