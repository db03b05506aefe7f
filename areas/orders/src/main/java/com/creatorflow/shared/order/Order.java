package com.creatorflow.shared.order;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An order as CreatorFlow keeps it: TikTok's order (lines, packages, money, buyer) plus our lifecycle state, the
 * version that guards every write and the timestamps. Immutable; change it with {@link #toBuilder()}.
 *
 * @param tenantId the creator that owns the order (every query is scoped by it)
 * @param orderId TikTok's order id (unique across shops)
 * @param shopId TikTok's shop id
 * @param state our lifecycle state
 * @param tiktokStatus TikTok's last known status
 * @param type the order type, which picks the workflow
 * @param lines the ordered SKUs
 * @param packages the parcels
 * @param totals the money
 * @param shipTo the non-personal destination summary
 * @param pii buyer and address (encrypted at rest)
 * @param tags creator or rule tags
 * @param priority higher ships first (0 = normal)
 * @param paidAt when the buyer paid
 * @param onHoldOrder TikTok's {@code is_on_hold_order}: the order went through ON_HOLD, so it ships at once when
 *     it is awaiting shipment (otherwise US and UK orders wait one hour after payment)
 * @param shipBy TikTok's ship-by deadline ({@code rts_sla_time})
 * @param deliveryOptionId TikTok's delivery option (its shipping providers are the ones mark-as-shipped accepts)
 * @param shippingType TikTok's {@code shipping_type}: {@code TIKTOK} (TikTok Shipping buys the label) or
 *     {@code SELLER} (we buy it); null is read as SELLER
 * @param tiktokUpdatedAt TikTok's {@code update_time} of the last state we applied (the out-of-order guard)
 * @param attentionFrom the state an order was in when it went to NEEDS_ATTENTION
 * @param attentionReason why it needs attention
 * @param executionArn the fulfilment workflow execution, once started
 * @param version the optimistic-lock version (equals the sequence of its last audit record)
 * @param createdAt when we first stored it
 * @param updatedAt when we last changed it
 * @param auditHead hash of the last audit record (the chain's head)
 * @param onHold a person put the order on hold: it waits in NEEDS_ATTENTION and no workflow step moves it on until
 *     it is released ({@code Lifecycle})
 */
public record Order(String tenantId, String orderId, String shopId, OrderState state, TikTokOrderStatus tiktokStatus,
                    OrderType type, List<LineItem> lines, List<ShipmentPackage> packages, Totals totals,
                    ShipTo shipTo, Pii pii, Set<String> tags, int priority, Instant paidAt, boolean onHoldOrder,
                    Instant shipBy, String deliveryOptionId, String shippingType,
                    Instant tiktokUpdatedAt, OrderState attentionFrom, String attentionReason, String executionArn,
                    long version, Instant createdAt, Instant updatedAt, String auditHead,
                    boolean onHold) {
    public Order {
        lines = lines == null ? List.of() : List.copyOf(lines);
        packages = packages == null ? List.of() : List.copyOf(packages);
        tags = tags == null ? Set.of() : Set.copyOf(tags);
        type = type == null ? OrderType.STANDARD : type;
    }

    /** A builder for a new order. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this order. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** TikTok's {@code shipping_type} for an order TikTok Shipping ships. */
    public static final String TIKTOK_SHIPPING = "TIKTOK";

    /** True when TikTok buys the label and ships the order (TikTok Shipping): no carrier of ours may label it. */
    public boolean shippedByTikTok() {
        return TIKTOK_SHIPPING.equals(shippingType);
    }

    /** Total units over all lines. */
    public int unitCount() {
        return lines.stream().mapToInt(LineItem::quantity).sum();
    }

    /** Mutable builder for {@link Order}. */
    public static final class Builder {
        private String tenantId;
        private String orderId;
        private String shopId;
        private OrderState state = OrderState.RECEIVED;
        private TikTokOrderStatus tiktokStatus;
        private OrderType type = OrderType.STANDARD;
        private List<LineItem> lines = List.of();
        private List<ShipmentPackage> packages = List.of();
        private Totals totals;
        private ShipTo shipTo;
        private Pii pii;
        private Set<String> tags = Set.of();
        private int priority;
        private Instant paidAt;
        private boolean onHoldOrder;
        private Instant shipBy;
        private String deliveryOptionId;
        private String shippingType;
        private Instant tiktokUpdatedAt;
        private OrderState attentionFrom;
        private String attentionReason;
        private String executionArn;
        private long version;
        private Instant createdAt;
        private Instant updatedAt;
        private String auditHead;
        private boolean onHold;

        private Builder() {
        }

        private Builder(Order o) {
            tenantId = o.tenantId;
            orderId = o.orderId;
            shopId = o.shopId;
            state = o.state;
            tiktokStatus = o.tiktokStatus;
            type = o.type;
            lines = o.lines;
            packages = o.packages;
            totals = o.totals;
            shipTo = o.shipTo;
            pii = o.pii;
            tags = o.tags;
            priority = o.priority;
            paidAt = o.paidAt;
            onHoldOrder = o.onHoldOrder;
            shipBy = o.shipBy;
            deliveryOptionId = o.deliveryOptionId;
            shippingType = o.shippingType;
            tiktokUpdatedAt = o.tiktokUpdatedAt;
            attentionFrom = o.attentionFrom;
            attentionReason = o.attentionReason;
            executionArn = o.executionArn;
            version = o.version;
            createdAt = o.createdAt;
            updatedAt = o.updatedAt;
            auditHead = o.auditHead;
            onHold = o.onHold;
        }

        public Builder tenantId(String v) { tenantId = v; return this; }
        public Builder orderId(String v) { orderId = v; return this; }
        public Builder shopId(String v) { shopId = v; return this; }
        public Builder state(OrderState v) { state = v; return this; }
        public Builder tiktokStatus(TikTokOrderStatus v) { tiktokStatus = v; return this; }
        public Builder type(OrderType v) { type = v; return this; }
        public Builder lines(List<LineItem> v) { lines = v; return this; }
        public Builder packages(List<ShipmentPackage> v) { packages = v; return this; }
        public Builder totals(Totals v) { totals = v; return this; }
        public Builder shipTo(ShipTo v) { shipTo = v; return this; }
        public Builder pii(Pii v) { pii = v; return this; }
        public Builder tags(Set<String> v) { tags = v; return this; }
        public Builder priority(int v) { priority = v; return this; }
        public Builder paidAt(Instant v) { paidAt = v; return this; }
        public Builder onHoldOrder(boolean v) { onHoldOrder = v; return this; }
        public Builder shipBy(Instant v) { shipBy = v; return this; }
        public Builder deliveryOptionId(String v) { deliveryOptionId = v; return this; }
        public Builder shippingType(String v) { shippingType = v; return this; }
        public Builder tiktokUpdatedAt(Instant v) { tiktokUpdatedAt = v; return this; }
        public Builder attentionFrom(OrderState v) { attentionFrom = v; return this; }
        public Builder attentionReason(String v) { attentionReason = v; return this; }
        public Builder executionArn(String v) { executionArn = v; return this; }
        public Builder version(long v) { version = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        public Builder auditHead(String v) { auditHead = v; return this; }
        public Builder onHold(boolean v) { onHold = v; return this; }

        /** The order. */
        public Order build() {
            return new Order(tenantId, orderId, shopId, state, tiktokStatus, type, lines, packages, totals, shipTo,
                    pii, tags, priority, paidAt, onHoldOrder, shipBy, deliveryOptionId, shippingType, tiktokUpdatedAt,
                    attentionFrom, attentionReason, executionArn, version, createdAt, updatedAt, auditHead, onHold);
        }
    }
}
