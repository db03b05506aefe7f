package com.creatorflow.shared.http;

import com.creatorflow.shared.error.RateLimited;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The API's request limits: per token (one signed-in session, so one busy script cannot starve its teammates) and per
 * tenant (the whole account). Each function instance counts every request in memory, a window per key and second,
 * and refuses the one over the limit at once, with no call out. The instances share a coarse limit in DynamoDB: each
 * adds every limit's worth of a key's requests to one counter per key and {@value #SHARED_WINDOW_SECONDS}-second
 * window (expiring by TTL), and when the window's total is over the limit times the window, every instance that
 * learns it (at its next share) refuses the key until the window ends. So a key costs a DynamoDB write per limit's
 * worth of requests in an instance, never per request, and nothing while it stays under one limit's worth a window.
 * Over either limit the caller gets {@link RateLimited}, which the API answers with 429 and {@code Retry-After}. API
 * Gateway's own throttling still caps the whole API.
 */
public final class RateLimiter {
    /** The shared counters' window. */
    static final int SHARED_WINDOW_SECONDS = 10;
    /** Keys held in memory before idle ones are dropped. */
    private static final int MAX_KEYS = 10_000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final int perToken;
    private final int perTenant;
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** One key's counts in this instance. */
    private static final class Counter {
        long second = -1;
        int inSecond;
        int unshared;
        long window = -1;
        long refusedUntil;
    }

    /**
     * @param perToken requests per second one token may make
     * @param perTenant requests per second all of a tenant's tokens together may make
     */
    public RateLimiter(DynamoDbClient dynamo, String table, int perToken, int perTenant, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.perToken = perToken;
        this.perTenant = perTenant;
        this.clock = clock;
    }

    /**
     * Counts one request of a token and its tenant; throws {@link RateLimited} when either is over its limit.
     *
     * @param token a key of the caller's token (its {@code jti} or a hash of it), never the token itself
     * @param tenantId the tenant, or null for a caller that names none (accepting an invitation)
     */
    public void acquire(String token, String tenantId) {
        long now = clock.millis();
        if (counters.size() > MAX_KEYS) {
            counters.values().removeIf(counter -> counter.second < now / 1000 - SHARED_WINDOW_SECONDS);
        }
        count("rate#token#" + token, perToken, now,
                "more than " + perToken + " requests per second with this token; slow down");
        if (tenantId != null) {
            count("rate#" + tenantId, perTenant, now,
                    "more than " + perTenant + " requests per second for this account; slow down");
        }
    }

    private void count(String key, int limit, long now, String refusal) {
        Counter counter = counters.computeIfAbsent(key, k -> new Counter());
        long window;
        synchronized (counter) {
            if (now < counter.refusedUntil) {
                throw new RateLimited(refusal, secondsUntil(counter.refusedUntil, now));
            }
            long second = now / 1000;
            if (counter.second != second) {
                counter.second = second;
                counter.inSecond = 0;
            }
            if (counter.inSecond >= limit) {
                throw new RateLimited(refusal, 1);
            }
            counter.inSecond++;
            window = second / SHARED_WINDOW_SECONDS;
            if (counter.window != window) {
                counter.window = window;
                counter.unshared = 0;
            }
            counter.unshared++;
            if (counter.unshared < limit) {
                return;
            }
            counter.unshared = 0;
        }
        if (shared(key, window, limit) > (long) limit * SHARED_WINDOW_SECONDS) {
            long windowEnd = (window + 1) * SHARED_WINDOW_SECONDS * 1000;
            synchronized (counter) {
                counter.refusedUntil = Math.max(counter.refusedUntil, windowEnd);
            }
            throw new RateLimited(refusal, secondsUntil(windowEnd, now));
        }
    }

    /** Adds this instance's {@code requests} to the key's shared counter of the window; returns the window's total. */
    private long shared(String key, long window, int requests) {
        var response = dynamo.updateItem(r -> r.tableName(table)
                .key(Map.of("id", AttributeValue.fromS(key + "#w" + window)))
                .updateExpression("ADD requests :n SET expiration = :exp")
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN(Integer.toString(requests)),
                        ":exp", AttributeValue.fromN(Long.toString((window + 1) * SHARED_WINDOW_SECONDS + 120))))
                .returnValues(ReturnValue.UPDATED_NEW));
        return Long.parseLong(response.attributes().get("requests").n());
    }

    private static long secondsUntil(long epochMillis, long now) {
        return Math.max(1, (epochMillis - now + 999) / 1000);
    }
}
