package com.creatorflow.shared.tiktok.domain;

import com.creatorflow.shared.lifecycle.TikTokStatusMapping;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.order.Buyer;
import com.creatorflow.shared.order.LineItem;
import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderType;
import com.creatorflow.shared.order.Pii;
import com.creatorflow.shared.order.ShipTo;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.order.Totals;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps TikTok's order JSON (Get Order Detail, API 202309) to our model: one-unit line items grouped by SKU into
 * {@link LineItem}s that keep TikTok's line ids; money strings to {@link Money}; unix seconds to {@link Instant};
 * buyer and address into {@link Pii}; the clear {@link ShipTo} summary from the address.
 */
public final class TikTokOrderMapper {
    private TikTokOrderMapper() {
    }

    /** Maps one order object for a tenant's shop. */
    public static TikTokOrder map(JsonNode json, String tenantId, String shopId) {
        TikTokOrderStatus status = TikTokOrderStatus.parse(json.path("status").asText(null));
        JsonNode payment = json.path("payment");
        String currency = text(payment, "currency", "USD");
        Address address = address(json.path("recipient_address"));
        Order order = Order.builder()
                .tenantId(tenantId)
                .orderId(json.path("id").asText())
                .shopId(shopId)
                .state(TikTokStatusMapping.stateFor(status))
                .tiktokStatus(status)
                .type(OrderType.fromTikTok(json.path("order_type").asText("")))
                .lines(lines(json.path("line_items"), currency))
                .packages(packages(json))
                .totals(totals(payment, currency))
                .shipTo(ShipTo.of(address))
                .pii(new Pii(new Buyer(text(json, "user_id", null),
                        address == null ? null : address.name(), text(json, "buyer_email", null),
                        text(json, "buyer_message", null)), address))
                .paidAt(seconds(json, "paid_time"))
                .onHoldOrder(json.path("is_on_hold_order").asBoolean(false))
                .shipBy(seconds(json, "rts_sla_time"))
                .deliveryOptionId(text(json, "delivery_option_id", null))
                .shippingType(text(json, "shipping_type", null))
                .tiktokUpdatedAt(seconds(json, "update_time"))
                .build();
        return new TikTokOrder(order, status, seconds(json, "update_time"),
                json.path("is_on_hold_order").asBoolean(false), json.path("is_buyer_request_cancel").asBoolean(false),
                text(json, "delivery_option_id", null), text(json, "shipping_type", null));
    }

    private static List<LineItem> lines(JsonNode items, String currency) {
        Map<String, List<JsonNode>> bySku = new LinkedHashMap<>();
        for (JsonNode item : items) {
            String sku = text(item, "seller_sku", null);
            bySku.computeIfAbsent(sku == null ? text(item, "sku_id", "unknown") : sku, k -> new ArrayList<>())
                    .add(item);
        }
        List<LineItem> lines = new ArrayList<>();
        bySku.forEach((sku, units) -> {
            JsonNode first = units.get(0);
            List<String> ids = units.stream().map(u -> u.path("id").asText()).toList();
            lines.add(new LineItem(sku, text(first, "product_id", null), text(first, "product_name", null),
                    text(first, "sku_name", null), units.size(),
                    Money.parse(text(first, "sale_price", "0"), text(first, "currency", currency)), ids));
        });
        return lines;
    }

    private static List<ShipmentPackage> packages(JsonNode order) {
        Map<String, List<String>> linesByPackage = new LinkedHashMap<>();
        Map<String, JsonNode> sample = new LinkedHashMap<>();
        order.path("packages").forEach(p -> linesByPackage.computeIfAbsent(p.path("id").asText(),
                k -> new ArrayList<>()));
        for (JsonNode item : order.path("line_items")) {
            String packageId = text(item, "package_id", null);
            if (packageId != null) {
                linesByPackage.computeIfAbsent(packageId, k -> new ArrayList<>()).add(item.path("id").asText());
                sample.putIfAbsent(packageId, item);
            }
        }
        List<ShipmentPackage> packages = new ArrayList<>();
        linesByPackage.forEach((id, lineIds) -> {
            JsonNode item = sample.get(id);
            String tracking = item == null ? null : text(item, "tracking_number", null);
            String carrier = item == null ? null : text(item, "shipping_provider_name", null);
            String status = item == null ? null : text(item, "package_status", null);
            packages.add(new ShipmentPackage(id, lineIds, packageStatus(status, tracking), carrier, null, tracking,
                    null, null));
        });
        return packages;
    }

    private static String packageStatus(String tiktok, String tracking) {
        if (tiktok == null) {
            return tracking == null ? "PENDING" : "SHIPPED";
        }
        return switch (tiktok) {
            case "TO_FULFILL", "PROCESSING" -> "PENDING";
            case "FULFILLING" -> tracking == null ? "PENDING" : "LABELED";
            case "COMPLETED" -> "DELIVERED";
            case "CANCELLED" -> "VOIDED";
            default -> "SHIPPED";
        };
    }

    private static Totals totals(JsonNode payment, String currency) {
        Money discount = Money.parse(text(payment, "seller_discount", "0"), currency)
                .plus(Money.parse(text(payment, "platform_discount", "0"), currency));
        return new Totals(Money.parse(text(payment, "sub_total", "0"), currency),
                Money.parse(text(payment, "shipping_fee", "0"), currency),
                Money.parse(text(payment, "tax", "0"), currency), discount,
                Money.parse(text(payment, "total_amount", "0"), currency));
    }

    private static Address address(JsonNode json) {
        if (json.isMissingNode() || json.isNull() || text(json, "region_code", null) == null) {
            return null;
        }
        String region = null;
        String city = null;
        String county = null;
        for (JsonNode level : json.path("district_info")) {
            switch (level.path("address_level").asText("")) {
                case "L1" -> region = text(level, "address_name", null);
                case "L2" -> county = text(level, "address_name", null);
                case "L3" -> city = text(level, "address_name", null);
                default -> { }
            }
        }
        return new Address(text(json, "name", null), text(json, "phone_number", null),
                text(json, "address_line1", null), text(json, "address_line2", null), city != null ? city : county,
                region, text(json, "postal_code", null), text(json, "region_code", null));
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() || value.asText().isEmpty() ? fallback : value.asText();
    }

    private static Instant seconds(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() || value.asLong(0) == 0 ? null
                : Instant.ofEpochSecond(value.asLong());
    }
}
