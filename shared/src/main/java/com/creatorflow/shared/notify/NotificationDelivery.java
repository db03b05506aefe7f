package com.creatorflow.shared.notify;

import java.time.Instant;
import java.util.List;

/**
 * The delivery log of one notification on one channel: every attempt with its outcome.
 *
 * @param notificationId the notification
 * @param channel the channel ({@code webhook})
 * @param status PENDING (not finished), DELIVERED, FAILED (attempts used up) or REFUSED (the target is not allowed)
 * @param attempts how many attempts were made
 * @param lastStatusCode the last attempt's HTTP status code (0 when there was no answer)
 * @param log each attempt, oldest first
 * @param updatedAt when the log last changed
 */
public record NotificationDelivery(String notificationId, String channel, String status, int attempts,
                                   int lastStatusCode, List<Attempt> log, Instant updatedAt) {
    public NotificationDelivery {
        log = log == null ? List.of() : List.copyOf(log);
    }

    /**
     * One attempt.
     *
     * @param attempt its number, from 1
     * @param at when it was made
     * @param statusCode the HTTP status code, 0 when there was no answer
     * @param error why it failed, or null when delivered
     */
    public record Attempt(int attempt, Instant at, int statusCode, String error) {
    }
}
