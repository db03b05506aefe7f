package com.creatorflow.shared.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A per-instance cache of configuration reads (a creator's rules, shipping rules and settings), with the semantics
 * of Powertools' parameters utility: a value read is served from memory for {@code maxAge} (5 seconds by default,
 * Powertools' default), then read again on the next use. A creator's change is therefore seen by a warm function
 * instance within {@code maxAge}; the creator-facing APIs read without it. Absent values are cached too, so a
 * creator without settings costs one read per {@code maxAge} as well.
 *
 * @param <V> the cached value
 */
public final class ConfigCache<V> {
    /** Powertools parameters' default maximum age. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(5);
    private static final int MAX_ENTRIES = 10_000;

    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();

    private record Entry<V>(V value, long expiresAtMillis) {
    }

    /**
     * @param maxAge how long a read value is served; zero turns the cache off
     * @param clock the clock the age is measured with
     */
    public ConfigCache(Duration maxAge, Clock clock) {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative");
        }
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The maximum age a function's environment sets in {@code CONFIG_CACHE_SECONDS} (0: off), else 5 seconds. */
    public static Duration maxAge(Env env) {
        return Duration.ofSeconds(Long.parseLong(env.get("CONFIG_CACHE_SECONDS",
                Long.toString(DEFAULT_MAX_AGE.toSeconds()))));
    }

    /** The value for {@code key}: the cached one while it is younger than the maximum age, else a fresh read. */
    public V get(String key, Function<String, V> read) {
        if (maxAge.isZero()) {
            return read.apply(key);
        }
        long now = clock.millis();
        Entry<V> entry = entries.get(key);
        if (entry != null && entry.expiresAtMillis() > now) {
            return entry.value();
        }
        V value = read.apply(key);
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry<>(value, now + maxAge.toMillis()));
        return value;
    }

    /** Forgets a key, so the next {@link #get} reads it (after this instance wrote it). */
    public void invalidate(String key) {
        entries.remove(key);
    }

    /** The maximum age. */
    public Duration maxAge() {
        return maxAge;
    }
}
