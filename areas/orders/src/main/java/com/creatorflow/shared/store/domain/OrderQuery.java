package com.creatorflow.shared.store.domain;

import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.TikTokOrderStatus;
import java.time.Instant;

/**
 * What a creator lists orders by; every part is optional and the parts combine (AND). Time ranges include their
 * start and exclude their end. Which index answers which combination is in docs/data-model.md.
 *
 * @param state only orders in this state
 * @param needsAttention true: only orders in NEEDS_ATTENTION; false: none of them; null: either
 * @param sku only orders with a line of this SKU
 * @param tag only orders with this tag
 * @param carrier only orders with a package of this carrier code
 * @param tiktokStatus only orders whose last known TikTok status is this one
 * @param createdFrom only orders first stored at or after this time
 * @param createdTo only orders first stored before this time
 * @param paidFrom only orders paid at or after this time
 * @param paidTo only orders paid before this time
 * @param updatedFrom only orders last changed at or after this time
 * @param updatedTo only orders last changed before this time
 * @param trackingNumber only orders with a package of this tracking number (spaces and dashes ignored)
 * @param buyer only orders whose buyer or recipient has this name (case and spacing ignored) or phone number
 * @param sort newest first by this time; null: by payment time when a paid range is given, else by creation time
 *     when a created range is given, else by last change
 */
public record OrderQuery(OrderState state, Boolean needsAttention, String sku, String tag, String carrier,
                         TikTokOrderStatus tiktokStatus, Instant createdFrom, Instant createdTo, Instant paidFrom,
                         Instant paidTo, Instant updatedFrom, Instant updatedTo, String trackingNumber, String buyer,
                         Sort sort) {
    /** The time a listing is ordered by. */
    public enum Sort {
        /** When the order last changed ({@code updatedAt}). */
        UPDATED,
        /** When the order was first stored ({@code createdAt}). */
        CREATED,
        /** When the buyer paid ({@code paidAt}); unpaid orders are not listed. */
        PAID
    }

    /** No filter: every order, most recently changed first. */
    public static OrderQuery all() {
        return builder().build();
    }

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The state the listing is narrowed to: {@code state}, or NEEDS_ATTENTION when {@code needsAttention}. */
    public OrderState effectiveState() {
        return Boolean.TRUE.equals(needsAttention) ? OrderState.NEEDS_ATTENTION : state;
    }

    /** The sort in effect. */
    public Sort effectiveSort() {
        if (sort != null) {
            return sort;
        }
        if (paidFrom != null || paidTo != null) {
            return Sort.PAID;
        }
        return createdFrom != null || createdTo != null ? Sort.CREATED : Sort.UPDATED;
    }

    /** Whether a lookup entry (tracking number, buyer) narrows the listing. */
    public boolean isLookup() {
        return trackingNumber != null || buyer != null;
    }

    /** The time an order sorts by under {@link #effectiveSort()} (null for an unpaid order by payment). */
    public Instant sortTime(Order order) {
        return switch (effectiveSort()) {
            case UPDATED -> order.updatedAt();
            case CREATED -> order.createdAt();
            case PAID -> order.paidAt();
        };
    }

    /** Whether a loaded order passes every part but the lookups (checked against the entries it has). */
    public boolean matches(Order order) {
        OrderState narrowed = effectiveState();
        return (narrowed == null || order.state() == narrowed)
                && (!Boolean.FALSE.equals(needsAttention) || order.state() != OrderState.NEEDS_ATTENTION)
                && (sku == null || order.lines().stream().anyMatch(line -> sku.equals(line.sku())))
                && (tag == null || order.tags().contains(tag))
                && (carrier == null || order.packages().stream().anyMatch(p -> carrier.equals(p.carrier())))
                && (tiktokStatus == null || order.tiktokStatus() == tiktokStatus)
                && within(order.createdAt(), createdFrom, createdTo)
                && within(order.paidAt(), paidFrom, paidTo)
                && within(order.updatedAt(), updatedFrom, updatedTo)
                && (effectiveSort() != Sort.PAID || order.paidAt() != null);
    }

    private static boolean within(Instant at, Instant from, Instant to) {
        if (from == null && to == null) {
            return true;
        }
        return at != null && (from == null || !at.isBefore(from)) && (to == null || at.isBefore(to));
    }

    /** Mutable builder for {@link OrderQuery}. */
    public static final class Builder {
        private OrderState state;
        private Boolean needsAttention;
        private String sku;
        private String tag;
        private String carrier;
        private TikTokOrderStatus tiktokStatus;
        private Instant createdFrom;
        private Instant createdTo;
        private Instant paidFrom;
        private Instant paidTo;
        private Instant updatedFrom;
        private Instant updatedTo;
        private String trackingNumber;
        private String buyer;
        private Sort sort;

        private Builder() {
        }

        public Builder state(OrderState v) { state = v; return this; }
        public Builder needsAttention(Boolean v) { needsAttention = v; return this; }
        public Builder sku(String v) { sku = v; return this; }
        public Builder tag(String v) { tag = v; return this; }
        public Builder carrier(String v) { carrier = v; return this; }
        public Builder tiktokStatus(TikTokOrderStatus v) { tiktokStatus = v; return this; }
        public Builder created(Instant from, Instant to) { createdFrom = from; createdTo = to; return this; }
        public Builder paid(Instant from, Instant to) { paidFrom = from; paidTo = to; return this; }
        public Builder updated(Instant from, Instant to) { updatedFrom = from; updatedTo = to; return this; }
        public Builder trackingNumber(String v) { trackingNumber = v; return this; }
        public Builder buyer(String v) { buyer = v; return this; }
        public Builder sort(Sort v) { sort = v; return this; }

        /** The query. */
        public OrderQuery build() {
            return new OrderQuery(state, needsAttention, sku, tag, carrier, tiktokStatus, createdFrom, createdTo,
                    paidFrom, paidTo, updatedFrom, updatedTo, trackingNumber, buyer, sort);
        }
    }
}
