package com.creatorflow.shared.tiktok;

import com.creatorflow.shared.tiktok.domain.Shop;

/**
 * The detail of the {@code ShopReconnectNeeded} event (source {@code creatorflow.tiktok}): a shop moved to a state in
 * which nothing is called for it until its creator connects it again. Raised once per move; {@code eventId} names
 * the move, so a republished event notifies once.
 *
 * @param eventId {@code shop-reconnect#<shopId>#<since>}
 * @param tenantId the shop's tenant
 * @param shopId the shop
 * @param status TOKEN_EXPIRED or DEAUTHORIZED
 * @param reason why, in words
 * @param since when it moved
 */
public record ShopReconnectRequired(String eventId, String tenantId, String shopId, String status, String reason,
                                    String since) {
    /** The event source. */
    public static final String SOURCE = "creatorflow.tiktok";
    /** The event detail-type. */
    public static final String DETAIL_TYPE = "ShopReconnectNeeded";

    /** The event for a notice. */
    public static ShopReconnectRequired of(ShopRegistry.ReconnectNotice notice) {
        return new ShopReconnectRequired("shop-reconnect#" + notice.shopId() + "#" + notice.since(),
                notice.tenantId(), notice.shopId(), notice.status().name(),
                notice.status() == Shop.Status.DEAUTHORIZED ? "the seller deauthorized CreatorFlow"
                        : "its refresh token expired or was refused", notice.since());
    }
}
