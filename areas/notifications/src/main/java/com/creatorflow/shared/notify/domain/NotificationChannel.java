package com.creatorflow.shared.notify.domain;

/** Somewhere a notification is delivered beyond the inbox (a creator's webhook or chat, email, Web Push). */
public interface NotificationChannel {
    /**
     * What one attempt to deliver came to.
     *
     * @param statusCode the receiver's status code (HTTP, or 250 for accepted mail), 0 when there was no answer
     * @param error why it failed, or null when delivered
     * @param retryable whether another attempt may succeed (false for a refused address)
     */
    record Outcome(int statusCode, String error, boolean retryable) {
        /** Delivered with this status code. */
        public static Outcome delivered(int statusCode) {
            return new Outcome(statusCode, null, false);
        }

        /** True when the notification was delivered. */
        public boolean succeeded() {
            return error == null;
        }
    }

    /** Makes one attempt to deliver a message; never throws for the receiver's faults. */
    Outcome deliver(OutgoingMessage message);

    /** The channel's name ({@code webhook}, {@code chat}, {@code email}, {@code push}). */
    String name();
}
