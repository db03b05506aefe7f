package com.creatorflow.local.simulators.tiktok;

import java.nio.charset.StandardCharsets;

/**
 * One webhook as TikTok sends it: the raw JSON body and its {@code Authorization} signature.
 *
 * @param notificationId the {@code tts_notification_id}
 * @param orderId the order it is about (null for shop-level events)
 * @param body the raw body bytes
 * @param signature lowercase hex HMAC-SHA256 of app key + body
 */
public record Webhook(String notificationId, String orderId, byte[] body, String signature) {
    /** The body as text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
