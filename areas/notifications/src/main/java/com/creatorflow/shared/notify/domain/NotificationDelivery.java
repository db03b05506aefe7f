package com.creatorflow.shared.notify.domain;

import java.time.Instant;
import java.util.List;

/**
 * The delivery log of one message on one channel to one recipient: every attempt with its outcome.
 *
 * @param notificationId the first notification the message stands for
 * @param channel the channel ({@code webhook}, {@code chat}, {@code email}, {@code push})
 * @param status PENDING (not finished), HELD (waiting for the end of quiet hours), DELIVERED, FAILED (attempts
 *     used up; dead-lettered) or REFUSED (the target is not allowed or gone)
 * @param attempts how many attempts were made
 * @param lastStatusCode the last attempt's status code (0 when there was no answer)
 * @param log each attempt, oldest first
 * @param updatedAt when the log last changed
 * @param messageId the message (the resend action's id)
 * @param recipient {@code creator} for the creator-wide channels, else the member id
 * @param kind the notifications' kind
 * @param count how many notifications the message stands for
 */
public record NotificationDelivery(String notificationId, String channel, String status, int attempts,
                                   int lastStatusCode, List<Attempt> log, Instant updatedAt, String messageId,
                                   String recipient, String kind, int count) {
    public NotificationDelivery {
        log = log == null ? List.of() : List.copyOf(log);
    }

    /** The same log with another status, attempts and time. */
    public NotificationDelivery with(String newStatus, List<Attempt> newLog, Instant at) {
        return new NotificationDelivery(notificationId, channel, newStatus, newLog.size(),
                newLog.isEmpty() ? lastStatusCode : newLog.getLast().statusCode(), newLog, at, messageId, recipient,
                kind, count);
    }

    /**
     * One attempt.
     *
     * @param attempt its number, from 1
     * @param at when it was made
     * @param statusCode the status code, 0 when there was no answer
     * @param error why it failed, or null when delivered
     */
    public record Attempt(int attempt, Instant at, int statusCode, String error) {
    }
}
