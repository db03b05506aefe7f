package com.creatorflow.shared.tiktok.domain;

import java.util.List;

/**
 * The detail of the {@code TikTokSyncFailed} event (source {@code creatorflow.tiktok}): the order-sync worker gave up
 * on a TikTok notification, which now goes to the dead-letter queue. One per message given up; the notifications'
 * batching collapses storms. {@code eventId} names the message, so a republished event notifies once.
 *
 * @param eventId {@code sync-failed#<messageId>}
 * @param tenantId the shop's tenant
 * @param shopId the shop
 * @param orderId the first order the notification named, if any
 * @param notificationId TikTok's notification id
 * @param attempts how many times it was tried
 */
public record TikTokSyncFailed(String eventId, String tenantId, String shopId, String orderId, String notificationId,
                               int attempts) {
    /** The event source. */
    public static final String SOURCE = "creatorflow.tiktok";
    /** The event detail-type. */
    public static final String DETAIL_TYPE = "TikTokSyncFailed";

    /** The event for a sync message given up after {@code attempts} receives. */
    public static TikTokSyncFailed of(String messageId, SyncRequest request, int attempts) {
        List<String> orders = request.orderIds();
        return new TikTokSyncFailed("sync-failed#" + messageId, request.tenantId(), request.shopId(),
                orders.isEmpty() ? null : orders.get(0), request.notificationId(), attempts);
    }
}
