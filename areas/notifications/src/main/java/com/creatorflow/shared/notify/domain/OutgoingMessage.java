package com.creatorflow.shared.notify.domain;

/**
 * A rendered message addressed to one channel target.
 *
 * @param messageId the message's id (receivers may drop repeats by it)
 * @param target the URL, email address or push endpoint
 * @param secret the webhook signing secret; for Web Push the subscription's {@code p256dh} key
 * @param auth for Web Push the subscription's {@code auth} secret; otherwise null
 * @param content what to say
 */
public record OutgoingMessage(String messageId, String target, String secret, String auth, RenderedMessage content) {
    @Override
    public String toString() {
        return "OutgoingMessage[" + messageId + ", " + content.kind() + "]";
    }
}
