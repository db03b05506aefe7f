package com.creatorflow.shared.analytics.domain;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.LineItem;
import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.store.domain.AuditRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one order adds to its tenant's analytics, computed from the order and its audit trail: counters of the day
 * (in the creator's time zone) the order arrived on. Every figure of an order belongs to its arrival day ("orders
 * of that day and what has happened to them since"), so an order's whole contribution sits in one day's item.
 * Counter names are {@code <dimension>|<key>|<metric>} for report rows, {@code hist|<measure>|<bucket>} for
 * durations, {@code manual|<reason>}, {@code cancel|<reason>}, {@code return|<reason>}, {@code auto|touchless} and
 * {@code due|<UTC hour of ship-by>} for orders not shipped yet.
 *
 * @param day the arrival day, {@code YYYY-MM-DD} in the creator's time zone
 * @param cells the counters (none zero)
 */
public record OrderContribution(String day, Map<String, Long> cells) {
    /** The dimensions of report rows. */
    public static final List<String> DIMENSIONS = List.of("all", "hour", "sku", "carrier", "shop", "state");
    /** The duration measures. */
    public static final List<String> MEASURES = List.of("paidToLabelled", "paidToShipped", "shippedToDelivered");

    private static final Set<String> SHIPPED = Set.of("SHIPPED", "IN_TRANSIT", "DELIVERED", "COMPLETED");
    private static final Set<OrderState> NOT_OPEN = Set.of(OrderState.CANCELLED, OrderState.RETURNED,
            OrderState.SHIPPED, OrderState.PARTIALLY_SHIPPED, OrderState.IN_TRANSIT, OrderState.DELIVERED,
            OrderState.COMPLETED, OrderState.RETURN_REQUESTED);
    private static final Set<String> NOT_INTERVENTIONS = Set.of("NOTE", "TAGS");

    public OrderContribution {
        cells = Map.copyOf(cells);
    }

    /** The contribution of an order as of its version, from the entries of its trail up to that version. */
    public static OrderContribution of(Order order, List<AuditRecord> trail, ZoneId zone) {
        List<AuditRecord> entries = trail.stream().filter(e -> e.seq() <= order.version()).toList();
        Instant arrived = order.createdAt() != null ? order.createdAt() : entries.getFirst().at();
        ZonedDateTime local = arrived.atZone(zone);
        Map<String, Long> cells = new TreeMap<>();
        Instant labelled = firstTransition(entries, Set.of("LABELED"));
        Instant shipped = firstTransition(entries, SHIPPED);
        Instant delivered = firstTransition(entries, Set.of("DELIVERED"));
        AuditRecord cancelled = lastTransition(entries, "CANCELLED");
        AuditRecord returned = lastTransition(entries, "RETURNED");
        boolean late = shipped != null && order.shipBy() != null && shipped.isAfter(order.shipBy());
        Money cost = labelCost(entries);
        String currency = order.totals() == null ? null : order.totals().currency();

        Map<String, Long> row = new TreeMap<>();
        row.put("orders", 1L);
        row.put("units", (long) order.unitCount());
        if (currency != null) {
            row.put("rev:" + currency, order.totals().total().minor());
        }
        flag(row, "shipped", shipped != null);
        flag(row, "cancelled", cancelled != null);
        flag(row, "returned", returned != null);
        flag(row, "sla", late);
        flag(row, "labelled", labelled != null);
        if (cost != null) {
            row.put("cost:" + cost.currency(), cost.minor());
        }
        addRow(cells, "all", "", row);
        addRow(cells, "hour", String.format("%02d", local.getHour()), row);
        addRow(cells, "carrier", carrier(order, entries), row);
        addRow(cells, "shop", order.shopId() == null ? "none" : order.shopId(), row);
        addRow(cells, "state", order.state().name(), row);
        Map<String, List<LineItem>> bySku = new TreeMap<>();
        order.lines().forEach(line -> bySku.computeIfAbsent(line.sku(), k -> new java.util.ArrayList<>()).add(line));
        bySku.forEach((sku, lines) -> {
            Map<String, Long> skuRow = new TreeMap<>(row);
            skuRow.keySet().removeIf(name -> name.startsWith("cost:") || name.startsWith("rev:"));
            skuRow.put("units", lines.stream().mapToLong(LineItem::quantity).sum());
            lines.forEach(line -> skuRow.merge("rev:" + line.lineTotal().currency(), line.lineTotal().minor(),
                    Long::sum));
            addRow(cells, "sku", sku, skuRow);
        });

        duration(cells, "paidToLabelled", order.paidAt(), labelled);
        duration(cells, "paidToShipped", order.paidAt(), shipped);
        duration(cells, "shippedToDelivered", shipped, delivered);
        int interventions = 0;
        for (AuditRecord entry : entries) {
            String reason = intervention(entry);
            if (reason != null) {
                cells.merge("manual|" + reason, 1L, Long::sum);
                interventions++;
            }
        }
        if (shipped != null && interventions == 0) {
            cells.put("auto|touchless", 1L);
        }
        if (cancelled != null) {
            cells.put("cancel|" + cancelReason(cancelled), 1L);
        }
        if (returned != null) {
            cells.put("return|" + detail(returned, "returnType", "OTHER"), 1L);
        }
        if (shipped == null && order.shipBy() != null && !NOT_OPEN.contains(order.state())) {
            cells.put("due|" + order.shipBy().truncatedTo(ChronoUnit.HOURS).toString().substring(0, 13), 1L);
        }
        cells.values().removeIf(value -> value == 0);
        return new OrderContribution(local.toLocalDate().toString(), cells);
    }

    /** The counter name of a report row's metric. */
    public static String cell(String dimension, String key, String metric) {
        return dimension + "|" + key + "|" + metric;
    }

    private static void addRow(Map<String, Long> cells, String dimension, String key, Map<String, Long> row) {
        row.forEach((metric, value) -> cells.merge(cell(dimension, key, metric), value, Long::sum));
    }

    private static void flag(Map<String, Long> row, String metric, boolean set) {
        if (set) {
            row.put(metric, 1L);
        }
    }

    private static void duration(Map<String, Long> cells, String measure, Instant from, Instant to) {
        if (from != null && to != null) {
            long seconds = Math.max(0, Duration.between(from, to).toSeconds());
            cells.merge("hist|" + measure + "|" + DurationHistogram.bucket(seconds), 1L, Long::sum);
        }
    }

    private static Instant firstTransition(List<AuditRecord> entries, Set<String> states) {
        return entries.stream().filter(e -> "TRANSITION".equals(e.action()) && states.contains(e.to()))
                .map(AuditRecord::at).findFirst().orElse(null);
    }

    private static AuditRecord lastTransition(List<AuditRecord> entries, String state) {
        AuditRecord last = null;
        for (AuditRecord entry : entries) {
            if ("TRANSITION".equals(entry.action()) && state.equals(entry.to())) {
                last = entry;
            }
        }
        return last;
    }

    /**
     * Why a person was needed for this entry, or null: a move to NEEDS_ATTENTION (by the failed step, a hold or the
     * stuck-order sweeper) or a change a person made (by its action; notes and tags are not interventions).
     */
    static String intervention(AuditRecord entry) {
        String actor = entry.actor() == null ? "" : entry.actor();
        if ("TRANSITION".equals(entry.action()) && "NEEDS_ATTENTION".equals(entry.to())) {
            if ("HOLD".equals(detail(entry, "action", null))) {
                return "HOLD";
            }
            if (actor.startsWith("workflow:")) {
                return actor.substring("workflow:".length());
            }
            return actor.startsWith("system:") ? actor.substring("system:".length()) : "OTHER";
        }
        if (actor.startsWith("user:") && !NOT_INTERVENTIONS.contains(entry.action())) {
            return "TRANSITION".equals(entry.action()) ? "person:" + entry.to() : "person:" + entry.action();
        }
        return null;
    }

    /** Who cancelled: the initiator the cancel workflow recorded, TikTok, an unpaid-order rule, or a person. */
    private static String cancelReason(AuditRecord entry) {
        String initiator = detail(entry, "initiator", null);
        if (initiator != null && !"null".equals(initiator)) {
            return initiator;
        }
        String actor = entry.actor() == null ? "" : entry.actor();
        if (actor.startsWith("system:tiktok")) {
            return "TIKTOK";
        }
        if (actor.startsWith("rule:autoCancelUnpaid")) {
            return "UNPAID";
        }
        return actor.startsWith("user:") ? "SELLER" : "OTHER";
    }

    /** The carrier of the first live package, else of the last label bought, else "none". */
    private static String carrier(Order order, List<AuditRecord> entries) {
        for (ShipmentPackage parcel : order.packages()) {
            if (parcel.carrier() != null && !"VOIDED".equals(parcel.status())) {
                return parcel.carrier();
            }
        }
        String carrier = null;
        for (AuditRecord entry : entries) {
            carrier = detail(entry, "carrier", carrier);
        }
        return carrier == null ? "none" : carrier;
    }

    /** What the labels bought for the order cost (each label entry's {@code cost}, "12.34 USD"), or null. */
    private static Money labelCost(List<AuditRecord> entries) {
        Money total = null;
        for (AuditRecord entry : entries) {
            String cost = detail(entry, "cost", null);
            if (cost == null || detail(entry, "carrier", null) == null) {
                continue;
            }
            String[] parts = cost.trim().split(" ");
            if (parts.length != 2) {
                continue;
            }
            Money money = Money.parse(parts[0], parts[1]);
            total = total == null ? money : total.currency().equals(money.currency()) ? total.plus(money) : total;
        }
        return total;
    }

    private static String detail(AuditRecord entry, String field, String fallback) {
        if (entry.details() == null || entry.details().isBlank()) {
            return fallback;
        }
        try {
            JsonNode value = Json.tree(entry.details()).get(field);
            return value == null || value.isNull() || !value.isValueNode() ? fallback : value.asText();
        } catch (IllegalArgumentException unreadable) {
            return fallback;
        }
    }
}
