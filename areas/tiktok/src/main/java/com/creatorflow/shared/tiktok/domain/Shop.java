package com.creatorflow.shared.tiktok.domain;

import java.time.Instant;

/**
 * A TikTok shop we serve: which creator (tenant) owns it, the cipher API calls need, its tokens and whether the seller
 * still authorizes us. Tokens are held in clear only in memory; {@link #toString()} never shows them.
 *
 * @param shopId TikTok's shop id (what webhooks carry)
 * @param tenantId our tenant (creator)
 * @param name the shop's name
 * @param region the shop's region code (US, GB, ...)
 * @param cipher the shop cipher API calls carry
 * @param status AUTHORIZED, or DEAUTHORIZED / TOKEN_EXPIRED when the creator must connect it again
 * @param accessToken the access token
 * @param accessTokenExpiresAt when it expires
 * @param refreshToken the refresh token
 * @param refreshTokenExpiresAt when that expires
 */
public record Shop(String shopId, String tenantId, String name, String region, String cipher, Status status,
                   String accessToken, Instant accessTokenExpiresAt, String refreshToken,
                   Instant refreshTokenExpiresAt) {
    /** Whether the seller authorizes our app. */
    public enum Status {
        /** Calls are allowed. */
        AUTHORIZED,
        /** The seller revoked us (SELLER_DEAUTHORIZATION): no call may be made. */
        DEAUTHORIZED,
        /** The refresh token expired or TikTok refused it: no call may be made until the shop is connected again. */
        TOKEN_EXPIRED
    }

    /** True when calls for this shop are allowed. */
    public boolean authorized() {
        return status == Status.AUTHORIZED;
    }

    /** A copy with new tokens. */
    public Shop withTokens(String access, Instant accessExpires, String refresh, Instant refreshExpires) {
        return new Shop(shopId, tenantId, name, region, cipher, status, access, accessExpires, refresh,
                refreshExpires);
    }

    /** A copy with another status. */
    public Shop withStatus(Status newStatus) {
        return new Shop(shopId, tenantId, name, region, cipher, newStatus, accessToken, accessTokenExpiresAt,
                refreshToken, refreshTokenExpiresAt);
    }

    @Override
    public String toString() {
        return "Shop[shopId=" + shopId + ", tenantId=" + tenantId + ", region=" + region + ", status=" + status
                + ", tokens=redacted]";
    }
}
