package com.creatorflow.shared.idempotency;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One idempotency record as stored: the key, its status, when it expires (TTL, epoch seconds), until when an
 * in-progress claim holds (epoch milliseconds), the hash of the payload that claimed it, the stored result, and any
 * extra attributes the caller stored with it (the webhook intake keeps the notification there).
 *
 * @param key the idempotency key
 * @param status claimed or completed
 * @param expiration epoch seconds after which the record no longer counts (and DynamoDB's TTL removes it)
 * @param inProgressExpiration epoch milliseconds after which an INPROGRESS claim may be taken over (0 = none)
 * @param validation SHA-256 of the payload, hex
 * @param data the stored result (JSON), for COMPLETED records
 * @param attributes every attribute of the item
 */
public record IdempotencyRecord(String key, IdempotencyStatus status, long expiration, long inProgressExpiration,
                                String validation, String data, Map<String, AttributeValue> attributes) {
    /** True when the record's TTL has passed (DynamoDB deletes expired items lazily, so we check too). */
    public boolean isExpired(Instant now) {
        return expiration > 0 && expiration < now.getEpochSecond();
    }

    /** True when an INPROGRESS claim has run past its deadline (the claimer crashed or timed out). */
    public boolean inProgressExpired(Instant now) {
        return status == IdempotencyStatus.INPROGRESS && inProgressExpiration > 0
                && inProgressExpiration < now.toEpochMilli();
    }

    /** A string attribute the caller stored with the record, or null. */
    public String attribute(String name) {
        AttributeValue value = attributes.get(name);
        return value == null ? null : value.s();
    }
}
