package com.creatorflow.shared.order;

/**
 * The buyer as TikTok identifies them. Personal data: stored only encrypted (see {@link Pii}).
 *
 * @param userId TikTok's buyer user id
 * @param name the buyer's name
 * @param email TikTok's relay email for the buyer
 * @param message the buyer's note to the seller
 */
public record Buyer(String userId, String name, String email, String message) {
}
