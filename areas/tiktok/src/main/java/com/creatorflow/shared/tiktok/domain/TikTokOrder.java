package com.creatorflow.shared.tiktok.domain;

import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.TikTokOrderStatus;
import java.time.Instant;

/**
 * An order as TikTok reports it, mapped: our {@link Order} (state set from TikTok's status) plus the TikTok facts
 * the sync decides with but the order does not keep.
 *
 * @param order the mapped order
 * @param status TikTok's status
 * @param updateTime TikTok's {@code update_time} (the out-of-order guard)
 * @param onHold {@code is_on_hold_order}
 * @param buyerRequestedCancel {@code is_buyer_request_cancel}
 * @param deliveryOptionId the delivery option (its shipping providers are the ones mark-as-shipped accepts)
 * @param shippingType TIKTOK or SELLER
 */
public record TikTokOrder(Order order, TikTokOrderStatus status, Instant updateTime, boolean onHold,
                          boolean buyerRequestedCancel, String deliveryOptionId, String shippingType) {
    /** TikTok's order id. */
    public String orderId() {
        return order.orderId();
    }
}
