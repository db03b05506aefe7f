package com.creatorflow.shared.shipping.carrier.direct;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * An expiring bearer token (OAuth 2 client credentials, USPS payment authorization), cached until shortly before it
 * expires. Concurrent callers that find it stale wait for one refresh instead of each fetching their own; a token the
 * carrier refused is dropped so the next call fetches a new one. Tokens are shared per credential (see
 * {@link #shared}), so every adapter using the same account uses one token.
 */
final class AccessToken {
    /** How long before its expiry a token is replaced. */
    static final Duration MARGIN = Duration.ofSeconds(60);

    private static final Map<String, AccessToken> SHARED = new ConcurrentHashMap<>();

    private final Clock clock;
    private final Supplier<Issued> fetch;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Issued current;

    /**
     * A token as issued.
     *
     * @param value the bearer value
     * @param expiresAt when the carrier stops accepting it
     */
    record Issued(String value, Instant expiresAt) {
        @Override
        public String toString() {
            return "Issued[redacted, expires " + expiresAt + "]";
        }
    }

    AccessToken(Clock clock, Supplier<Issued> fetch) {
        this.clock = clock;
        this.fetch = fetch;
    }

    /** The token of one credential, made on first use; {@code key} identifies the credential without holding it. */
    static AccessToken shared(String key, Clock clock, Supplier<Issued> fetch) {
        return SHARED.computeIfAbsent(key, k -> new AccessToken(clock, fetch));
    }

    /** A token valid for at least {@link #MARGIN}, fetched when there is none. */
    String get() {
        Issued token = current;
        if (fresh(token)) {
            return token.value();
        }
        lock.lock();
        try {
            token = current;
            if (!fresh(token)) {
                token = fetch.get();
                current = token;
            }
            return token.value();
        } finally {
            lock.unlock();
        }
    }

    /** Drops a token the carrier refused, unless another caller already replaced it. */
    void refused(String value) {
        lock.lock();
        try {
            if (current != null && current.value().equals(value)) {
                current = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean fresh(Issued token) {
        return token != null && clock.instant().isBefore(token.expiresAt().minus(MARGIN));
    }
}
