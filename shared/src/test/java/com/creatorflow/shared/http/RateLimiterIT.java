package com.creatorflow.shared.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.error.RateLimited;
import com.creatorflow.shared.testing.TestStack;
import com.creatorflow.shared.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The limiter's two levels against the local DynamoDB: each function instance refuses what is over the per-second
 * limit on its own, and the instances together are held to the limit over the shared window.
 */
class RateLimiterIT {
    private final TestStack stack = TestStack.get();
    private final String table = stack.tables().get("RateLimitTable");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));

    private RateLimiter instance(int perTenant) {
        return new RateLimiter(stack.env().aws().dynamo(), table, 1_000, perTenant, clock);
    }

    private static String token() {
        return "t-" + UUID.randomUUID();
    }

    @Test
    void twoInstancesEachUnderThePerSecondLimitAreHeldToItTogetherOverTheWindow() {
        String tenant = TestStack.tenant();
        RateLimiter first = instance(3);
        RateLimiter second = instance(3);
        int served = 0;
        RateLimited refused = null;
        for (int s = 0; s < RateLimiter.SHARED_WINDOW_SECONDS && refused == null; s++) {
            for (int i = 0; i < 3 && refused == null; i++) {
                for (RateLimiter instance : new RateLimiter[] {first, second}) {
                    try {
                        instance.acquire(token(), tenant);
                        served++;
                    } catch (RateLimited e) {
                        refused = e;
                        break;
                    }
                }
            }
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(refused).as("6 requests a second against 3 allowed").isNotNull();
        assertThat(served).as("about the window's 30 requests, not the 60 both could serve")
                .isBetween(30, 36);
        assertThat(refused.retryAfterSeconds()).as("until the window ends").isBetween(1L, 5L);

        RateLimiter third = instance(3);
        third.acquire(token(), tenant);
        third.acquire(token(), tenant);
        assertThatThrownBy(() -> third.acquire(token(), tenant)).as("a new instance learns it at its first share")
                .isInstanceOf(RateLimited.class).hasMessageContaining("for this account");
        clock.advance(Duration.ofSeconds(RateLimiter.SHARED_WINDOW_SECONDS));
        first.acquire(token(), tenant);
    }

    @Test
    void oneInstanceRefusesOverThePerSecondLimitWithoutWaitingForTheSharedCounter() {
        String tenant = TestStack.tenant();
        RateLimiter limiter = instance(5);
        for (int i = 0; i < 5; i++) {
            limiter.acquire(token(), tenant);
        }
        assertThatThrownBy(() -> limiter.acquire(token(), tenant)).isInstanceOfSatisfying(RateLimited.class,
                e -> assertThat(e.retryAfterSeconds()).isEqualTo(1));
        clock.advance(Duration.ofSeconds(1));
        limiter.acquire(token(), tenant);
    }

    @Test
    void theSharedCounterIsWrittenOncePerLimitsWorthOfRequestsNeverPerRequest() {
        String tenant = TestStack.tenant();
        RateLimiter limiter = instance(20);
        long window = clock.millis() / 1000 / RateLimiter.SHARED_WINDOW_SECONDS;
        for (int i = 0; i < 19; i++) {
            limiter.acquire(token(), tenant);
        }
        assertThat(shared(tenant, window)).as("19 kept in memory, nothing written").isZero();
        clock.advance(Duration.ofSeconds(1));
        limiter.acquire(token(), tenant);
        assertThat(shared(tenant, window)).as("the 20th: a limit's worth shared").isEqualTo(20);
        for (int i = 0; i < 19; i++) {
            limiter.acquire(token(), tenant);
        }
        assertThat(shared(tenant, window)).isEqualTo(20);
        clock.advance(Duration.ofSeconds(RateLimiter.SHARED_WINDOW_SECONDS));
        limiter.acquire(token(), tenant);
        assertThat(shared(tenant, window + 1)).as("a new window starts in memory again").isZero();
    }

    private long shared(String tenant, long window) {
        var item = stack.env().aws().dynamo().getItem(r -> r.tableName(table).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS("rate#" + tenant + "#w" + window)))).item();
        return item == null || item.isEmpty() ? 0 : Long.parseLong(item.get("requests").n());
    }
}
