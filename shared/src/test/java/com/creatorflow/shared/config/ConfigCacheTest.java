package com.creatorflow.shared.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-instance configuration cache: Powertools parameters' max-age semantics. */
class ConfigCacheTest {
    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    };

    @Test
    void aValueIsReadOnceWithinTheMaxAgeAndAgainAfterIt() {
        ConfigCache<String> cache = new ConfigCache<>(Duration.ofSeconds(5), clock);
        AtomicInteger reads = new AtomicInteger();
        String[] stored = {"v1"};
        java.util.function.Function<String, String> read = key -> {
            reads.incrementAndGet();
            return stored[0];
        };
        assertThat(cache.get("tenant-a", read)).isEqualTo("v1");
        stored[0] = "v2";
        millis.addAndGet(4_999);
        assertThat(cache.get("tenant-a", read)).as("within 5 s").isEqualTo("v1");
        millis.addAndGet(1);
        assertThat(cache.get("tenant-a", read)).as("after 5 s").isEqualTo("v2");
        assertThat(reads).hasValue(2);
    }

    @Test
    void keysAreSeparateAndAnAbsentValueIsCachedToo() {
        ConfigCache<Optional<String>> cache = new ConfigCache<>(Duration.ofSeconds(5), clock);
        AtomicInteger reads = new AtomicInteger();
        cache.get("tenant-a", key -> {
            reads.incrementAndGet();
            return Optional.empty();
        });
        assertThat(cache.get("tenant-a", key -> Optional.of("read again"))).isEmpty();
        assertThat(cache.get("tenant-b", key -> Optional.of("b"))).contains("b");
        assertThat(reads).hasValue(1);
    }

    @Test
    void aZeroMaxAgeReadsEveryTimeAndInvalidateForgets() {
        ConfigCache<Integer> off = new ConfigCache<>(Duration.ZERO, clock);
        AtomicInteger reads = new AtomicInteger();
        off.get("k", key -> reads.incrementAndGet());
        off.get("k", key -> reads.incrementAndGet());
        assertThat(reads).hasValue(2);
        ConfigCache<Integer> on = new ConfigCache<>(Duration.ofSeconds(5), clock);
        on.get("k", key -> 1);
        on.invalidate("k");
        assertThat(on.get("k", key -> 2)).isEqualTo(2);
    }

    @Test
    void theMaxAgeComesFromTheEnvironmentWithFiveSecondsByDefault() {
        assertThat(ConfigCache.maxAge(Env.of(java.util.Map.of(), null))).isEqualTo(Duration.ofSeconds(5));
        assertThat(ConfigCache.maxAge(Env.of(java.util.Map.of("CONFIG_CACHE_SECONDS", "0"), null))).isZero();
    }
}
