package com.creatorflow.shared.tiktok.domain;

import java.time.Instant;

/**
 * A connected shop as the creator sees it: no cipher, no token.
 *
 * @param shopId TikTok's shop id
 * @param name the shop's name (the creator may rename it)
 * @param region its region code
 * @param status AUTHORIZED, DEAUTHORIZED or TOKEN_EXPIRED
 * @param reconnectNeeded true when no call is made for the shop until the creator connects it again
 * @param accessTokenExpiresAt when the current access token expires
 * @param refreshTokenExpiresAt when the refresh token expires (the shop must be connected again by then)
 * @param updatedAt the last change
 */
public record ShopSummary(String shopId, String name, String region, Shop.Status status, boolean reconnectNeeded,
                          Instant accessTokenExpiresAt, Instant refreshTokenExpiresAt, Instant updatedAt) {
}
