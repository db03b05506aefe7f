package com.creatorflow.local.simulators.tiktok;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One simulated TikTok order: its status and times, one line item per unit, the buyer and address, and its packages.
 * Rendered with TikTok's field names (API 202309); the address is masked while the order is UNPAID, ON_HOLD or
 * CANCELLED, as TikTok does for US orders. Guarded by its own monitor.
 */
final class SimOrder {
    /** One unit of a SKU (TikTok has no quantity field). */
    static final class Line {
        final String id;
        final String skuId;
        final String productId;
        final String productName;
        final String skuName;
        final String sellerSku;
        final BigDecimal price;
        String packageId;
        String trackingNumber;
        String providerName;
        String packageStatus = "TO_FULFILL";

        Line(String id, String skuId, String productId, String productName, String skuName, String sellerSku,
             BigDecimal price) {
            this.id = id;
            this.skuId = skuId;
            this.productId = productId;
            this.productName = productName;
            this.skuName = skuName;
            this.sellerSku = sellerSku;
            this.price = price;
        }
    }

    /** Recipient and buyer details (personal data). */
    record Person(String userId, String firstName, String lastName, String email, String phone, String line1,
                  String line2, String city, String county, String state, String postalCode) {
    }

    final String id;
    final String shopId;
    final String deliveryOptionId;
    final long createTime;
    final List<Line> lines;
    final BigDecimal shippingFee;
    final BigDecimal taxRate;
    final Set<String> packages = new LinkedHashSet<>();
    Person person;
    TikTokOrderStatus status;
    long updateTime;
    long paidTime;
    boolean onHold;
    boolean buyerRequestedCancel;
    String cancelReason = "";
    String cancellationInitiator = "";
    boolean addressUpdated;
    /** {@code SELLER} (the seller buys labels and reports tracking) or {@code TIKTOK} (TikTok Shipping). */
    String shippingType = "SELLER";
    /** PICKUP or DROP_OFF once a TikTok Shipping package is arranged. */
    String handoverMethod;

    SimOrder(String id, String shopId, String deliveryOptionId, long createTime, List<Line> lines, Person person,
             BigDecimal shippingFee, BigDecimal taxRate) {
        this.id = id;
        this.shopId = shopId;
        this.deliveryOptionId = deliveryOptionId;
        this.createTime = createTime;
        this.updateTime = createTime;
        this.lines = new ArrayList<>(lines);
        this.person = person;
        this.shippingFee = shippingFee;
        this.taxRate = taxRate;
        this.status = TikTokOrderStatus.UNPAID;
    }

    /** Moves the order's update time strictly forward (at least one second per change), so changes are ordered. */
    synchronized long touch(long nowSeconds) {
        updateTime = Math.max(nowSeconds, updateTime + 1);
        return updateTime;
    }

    synchronized ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("id", id);
        json.put("status", status.name());
        json.put("create_time", createTime);
        json.put("update_time", updateTime);
        if (paidTime > 0) {
            json.put("paid_time", paidTime);
            json.put("rts_sla_time", paidTime + 3 * 86_400);
            json.put("tts_sla_time", paidTime + 6 * 86_400);
            json.put("shipping_due_time", paidTime + 3 * 86_400);
        }
        json.put("user_id", person.userId());
        json.put("buyer_email", person.email());
        json.put("buyer_message", "");
        json.put("seller_note", "");
        json.put("cancellation_initiator", cancellationInitiator);
        json.put("cancel_reason", cancelReason);
        json.put("is_buyer_request_cancel", buyerRequestedCancel);
        Line shipped = lines.stream().filter(l -> l.trackingNumber != null).findFirst().orElse(null);
        json.put("shipping_provider", shipped == null ? "" : shipped.providerName);
        json.put("shipping_provider_id", shipped == null ? "" : SimCatalog.providerId(shipped.providerName));
        json.put("tracking_number", shipped == null ? "" : shipped.trackingNumber);
        json.put("shipping_type", shippingType);
        json.put("delivery_option_id", deliveryOptionId);
        json.put("delivery_option_name", "Standard shipping");
        json.put("fulfillment_type", "FULFILLMENT_BY_SELLER");
        json.put("warehouse_id", "7068517275539719942");
        ArrayNode packageArray = json.putArray("packages");
        packages.forEach(p -> packageArray.addObject().put("id", p));
        json.put("split_or_combine_tag", "");
        json.put("is_on_hold_order", onHold);
        json.put("is_sample_order", false);
        json.put("is_cod", false);
        json.put("is_replacement_order", false);
        json.put("is_exchange_order", false);
        json.put("order_type", "");
        json.put("has_updated_recipient_address", addressUpdated);
        payment(json.putObject("payment"));
        address(json.putObject("recipient_address"));
        ArrayNode items = json.putArray("line_items");
        for (Line line : lines) {
            ObjectNode item = items.addObject();
            item.put("id", line.id);
            item.put("sku_id", line.skuId);
            item.put("product_id", line.productId);
            item.put("product_name", line.productName);
            item.put("sku_name", line.skuName);
            item.put("seller_sku", line.sellerSku);
            item.put("original_price", line.price.toPlainString());
            item.put("sale_price", line.price.toPlainString());
            item.put("seller_discount", "0.00");
            item.put("platform_discount", "0.00");
            item.put("currency", "USD");
            item.put("display_status", status.name());
            item.put("package_id", line.packageId == null ? "" : line.packageId);
            item.put("package_status", line.packageStatus);
            item.put("tracking_number", line.trackingNumber == null ? "" : line.trackingNumber);
            item.put("shipping_provider_name", line.providerName == null ? "" : line.providerName);
            item.put("is_gift", false);
            item.put("cancel_user", status == TikTokOrderStatus.CANCELLED ? cancellationInitiator : "");
            item.put("cancel_reason", status == TikTokOrderStatus.CANCELLED ? cancelReason : "");
        }
        return json;
    }

    private void payment(ObjectNode payment) {
        BigDecimal products = lines.stream().map(l -> l.price).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal tax = products.multiply(taxRate).setScale(2, java.math.RoundingMode.HALF_UP);
        payment.put("currency", "USD");
        payment.put("original_total_product_price", products.toPlainString());
        payment.put("seller_discount", "0.00");
        payment.put("platform_discount", "0.00");
        payment.put("sub_total", products.toPlainString());
        payment.put("original_shipping_fee", shippingFee.toPlainString());
        payment.put("shipping_fee", shippingFee.toPlainString());
        payment.put("tax", tax.toPlainString());
        payment.put("total_amount", products.add(shippingFee).add(tax).toPlainString());
    }

    private void address(ObjectNode address) {
        boolean masked = status == TikTokOrderStatus.UNPAID || status == TikTokOrderStatus.ON_HOLD
                || status == TikTokOrderStatus.CANCELLED;
        Person p = person;
        address.put("name", masked ? mask(p.firstName()) + " " + mask(p.lastName()) : p.firstName() + " " + p.lastName());
        address.put("first_name", masked ? mask(p.firstName()) : p.firstName());
        address.put("last_name", masked ? mask(p.lastName()) : p.lastName());
        address.put("phone_number", masked ? p.phone().substring(0, 8) + "***" + p.phone().substring(11)
                : p.phone());
        address.put("address_line1", masked ? "***" : p.line1());
        address.put("address_line2", masked ? "" : p.line2());
        address.put("address_line3", "");
        address.put("address_line4", "");
        address.put("address_detail", masked ? "" : p.line2());
        address.put("postal_code", masked ? p.postalCode().substring(0, 3) + "**" : p.postalCode());
        address.put("region_code", "US");
        address.put("full_address", masked ? "***" : String.join(", ", p.line1(), p.line2(), p.city(), p.state(),
                p.postalCode()));
        ArrayNode districts = address.putArray("district_info");
        districts.addObject().put("address_level", "L0").put("address_level_name", "Country")
                .put("address_name", "United States");
        districts.addObject().put("address_level", "L1").put("address_level_name", "State")
                .put("address_name", p.state());
        districts.addObject().put("address_level", "L2").put("address_level_name", "County")
                .put("address_name", p.county());
        districts.addObject().put("address_level", "L3").put("address_level_name", "City")
                .put("address_name", p.city());
    }

    private static String mask(String text) {
        return text.isEmpty() ? text : text.charAt(0) + "***";
    }
}
