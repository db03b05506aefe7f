package com.creatorflow.shared.tiktok;

import com.creatorflow.shared.tiktok.domain.Shop;
import java.time.Instant;

/** Where a shop's refreshed tokens are kept ({@link ShopRegistry} in DynamoDB; tests may keep them in memory). */
@FunctionalInterface
public interface ShopTokens {
    /** Stores new tokens for a shop and returns the shop with them. */
    Shop saveTokens(Shop shop, String access, Instant accessExpires, String refresh, Instant refreshExpires);

    /**
     * Records that a shop can no longer be called until it is connected again (its refresh token expired or was
     * refused). Stores that keep nothing ignore it.
     */
    default void reconnectNeeded(Shop shop, Shop.Status status) {
    }
}
