package com.creatorflow.shared.rules.domain;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.LineItem;
import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.ShipTo;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.order.Totals;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON view of an order that creators' rule patterns match against: flat, named for rules, money as decimals
 * (and minor units), times turned into ages and the hour of day in the creator's time zone. Fields without a value
 * are left out, so {@code {"exists": false}} matches them. The field list is {@link #FIELDS}, documented in
 * docs/rules.md; a pattern naming any other field is refused on save.
 */
public final class OrderDocument {
    /** Every field path a pattern may name (nested fields dotted, array elements by their field). */
    public static final Set<String> FIELDS = Set.copyOf(new TreeSet<>(Set.of(
            "tenantId", "orderId", "shopId", "state", "tiktokStatus", "type",
            "sku", "quantity", "lines.sku", "lines.productId", "lines.quantity", "lines.unitPrice",
            "lines.lineTotal", "unitCount", "lineCount", "skuCount", "packageCount",
            "currency", "total", "totalMinor", "subtotal", "shippingFee", "tax", "discount",
            "shipTo.country", "shipTo.region", "shipTo.city", "shipTo.postalPrefix",
            "tags", "priority", "isOnHold", "isPaid", "isUnpaid",
            "hourOfDay", "minuteOfDay", "dayOfWeek", "timeZone",
            "ageMinutes", "minutesSincePaid", "minutesToShipBy")));

    private OrderDocument() {
    }

    /**
     * The document of an order as rules see it at a moment.
     *
     * @param order the order
     * @param zone the creator's time zone (for hourOfDay, minuteOfDay, dayOfWeek)
     * @param now the evaluation time (ages are measured up to it)
     */
    public static ObjectNode of(Order order, ZoneId zone, Instant now) {
        ObjectNode doc = Json.object();
        put(doc, "tenantId", order.tenantId());
        put(doc, "orderId", order.orderId());
        put(doc, "shopId", order.shopId());
        put(doc, "state", order.state() == null ? null : order.state().name());
        put(doc, "tiktokStatus", order.tiktokStatus() == null ? null : order.tiktokStatus().name());
        put(doc, "type", order.type().name());
        lines(doc, order);
        doc.put("packageCount", order.packages().size());
        totals(doc, order.totals());
        shipTo(doc, order.shipTo());
        ArrayNode tags = doc.putArray("tags");
        new TreeSet<>(order.tags()).forEach(tags::add);
        doc.put("priority", order.priority());
        doc.put("isOnHold", order.tiktokStatus() == TikTokOrderStatus.ON_HOLD);
        doc.put("isPaid", order.paidAt() != null);
        doc.put("isUnpaid", order.tiktokStatus() == TikTokOrderStatus.UNPAID);
        ZonedDateTime local = now.atZone(zone);
        doc.put("hourOfDay", local.getHour());
        doc.put("minuteOfDay", local.getHour() * 60 + local.getMinute());
        doc.put("dayOfWeek", local.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ROOT)
                .toUpperCase(Locale.ROOT));
        doc.put("timeZone", zone.getId());
        Instant placed = order.createdAt() != null ? order.createdAt() : order.paidAt();
        doc.put("ageMinutes", placed == null ? 0 : minutesBetween(placed, now));
        if (order.paidAt() != null) {
            doc.put("minutesSincePaid", minutesBetween(order.paidAt(), now));
        }
        if (order.shipBy() != null) {
            doc.put("minutesToShipBy", Duration.between(now, order.shipBy()).toMinutes());
        }
        return doc;
    }

    private static void lines(ObjectNode doc, Order order) {
        ArrayNode skus = doc.putArray("sku");
        ArrayNode quantities = doc.putArray("quantity");
        ArrayNode lines = doc.putArray("lines");
        Set<String> distinct = new LinkedHashSet<>();
        for (LineItem line : order.lines()) {
            if (distinct.add(line.sku())) {
                skus.add(line.sku());
            }
            quantities.add(line.quantity());
            ObjectNode item = lines.addObject();
            put(item, "sku", line.sku());
            put(item, "productId", line.productId());
            item.put("quantity", line.quantity());
            if (line.unitPrice() != null) {
                item.put("unitPrice", line.unitPrice().toDecimal());
                item.put("lineTotal", line.lineTotal().toDecimal());
            }
        }
        doc.put("unitCount", order.unitCount());
        doc.put("lineCount", order.lines().size());
        doc.put("skuCount", distinct.size());
    }

    private static void totals(ObjectNode doc, Totals totals) {
        if (totals == null || totals.total() == null) {
            return;
        }
        doc.put("currency", totals.currency());
        doc.put("total", totals.total().toDecimal());
        doc.put("totalMinor", totals.total().minor());
        decimal(doc, "subtotal", totals.subtotal());
        decimal(doc, "shippingFee", totals.shipping());
        decimal(doc, "tax", totals.tax());
        decimal(doc, "discount", totals.discount());
    }

    private static void shipTo(ObjectNode doc, ShipTo shipTo) {
        if (shipTo == null) {
            return;
        }
        ObjectNode node = doc.putObject("shipTo");
        put(node, "country", shipTo.country());
        put(node, "region", shipTo.region());
        put(node, "city", shipTo.city());
        put(node, "postalPrefix", shipTo.postalPrefix());
    }

    private static void decimal(ObjectNode doc, String field, Money money) {
        if (money != null) {
            doc.put(field, money.toDecimal());
        }
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static long minutesBetween(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toMinutes());
    }
}
