package com.creatorflow.local.simulators.tiktok;

import com.creatorflow.shared.tiktok.domain.Shop;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One simulated shop: its id and cipher, its current tokens, and its orders.
 *
 * @param id TikTok's shop id
 * @param name the shop's name
 * @param region its region code
 * @param cipher the cipher API calls must carry
 * @param tokens the shop's current and previous tokens
 * @param orders its orders by id
 */
public record SimShop(String id, String name, String region, String cipher, Tokens tokens,
                      Map<String, SimOrder> orders) {
    SimShop(String id, String name, String region, String cipher, Tokens tokens) {
        this(id, name, region, cipher, tokens, new ConcurrentHashMap<>());
    }

    /** The shop as CreatorFlow registers it for a tenant, with its current tokens. */
    public Shop toShop(String tenantId) {
        return new Shop(id, tenantId, name, region, cipher, Shop.Status.AUTHORIZED, tokens.accessToken(),
                Instant.ofEpochSecond(tokens.accessExpiresAt()), tokens.refreshToken(),
                Instant.ofEpochSecond(tokens.refreshExpiresAt()));
    }

    /** The shop's tokens (mutable: refreshes and forced expiries change them). */
    public static final class Tokens {
        private volatile String accessToken;
        private volatile long accessExpiresAt;
        private volatile String refreshToken;
        private volatile long refreshExpiresAt;
        private volatile String expiredAccessToken;

        Tokens(String accessToken, long accessExpiresAt, String refreshToken, long refreshExpiresAt) {
            this.accessToken = accessToken;
            this.accessExpiresAt = accessExpiresAt;
            this.refreshToken = refreshToken;
            this.refreshExpiresAt = refreshExpiresAt;
        }

        /** The current access token. */
        public String accessToken() {
            return accessToken;
        }

        /** When it expires (unix seconds). */
        public long accessExpiresAt() {
            return accessExpiresAt;
        }

        /** The current refresh token. */
        public String refreshToken() {
            return refreshToken;
        }

        /** When it expires (unix seconds). */
        public long refreshExpiresAt() {
            return refreshExpiresAt;
        }

        synchronized void rotate(String access, long accessExpires, String refresh, long refreshExpires) {
            expiredAccessToken = accessToken;
            accessToken = access;
            accessExpiresAt = accessExpires;
            refreshToken = refresh;
            refreshExpiresAt = refreshExpires;
        }

        synchronized void expireNow(long nowSeconds) {
            accessExpiresAt = nowSeconds - 1;
        }

        synchronized void expireRefreshNow(long nowSeconds) {
            refreshExpiresAt = nowSeconds - 1;
        }

        /** The seller revoked the app: neither token works any more, and the old access token is not "expired". */
        synchronized void revoke(String unusable, long nowSeconds) {
            expiredAccessToken = null;
            accessToken = unusable;
            accessExpiresAt = nowSeconds - 1;
            refreshToken = unusable;
            refreshExpiresAt = nowSeconds - 1;
        }

        boolean isPrevious(String token) {
            return token != null && token.equals(expiredAccessToken);
        }
    }
}
