package com.creatorflow.shared.notify.domain;

/**
 * A member's browser subscribed to Web Push ({@code PushSubscription.toJSON()}).
 *
 * @param endpoint the push service URL
 * @param expirationTime when the browser says it expires (epoch millis), or null
 * @param keys the subscription's keys
 */
public record PushSubscription(String endpoint, Long expirationTime, Keys keys) {
    /**
     * @param p256dh the browser's P-256 public key, base64url of the uncompressed point
     * @param auth the 16-byte authentication secret, base64url
     */
    public record Keys(String p256dh, String auth) {
    }
}
