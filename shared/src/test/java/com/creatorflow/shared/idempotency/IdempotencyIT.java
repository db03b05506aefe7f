package com.creatorflow.shared.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.testing.TestStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Powertools' idempotency semantics against the local DynamoDB. */
class IdempotencyIT {
    private final IdempotencyStore store = IdempotencyStore.fromEnv(TestStack.get().env());
    private final Idempotency idempotency = new Idempotency(store);

    private static String key() {
        return "test#" + UUID.randomUUID();
    }

    @Test
    void runsOnceAndReturnsTheStoredResultToADuplicate() {
        String key = key();
        AtomicInteger runs = new AtomicInteger();
        String first = idempotency.execute(key, Map.of("a", 1), String.class, null,
                () -> "done-" + runs.incrementAndGet());
        String second = idempotency.execute(key, Map.of("a", 1), String.class, null,
                () -> "done-" + runs.incrementAndGet());
        assertThat(first).isEqualTo("done-1");
        assertThat(second).isEqualTo("done-1");
        assertThat(runs).hasValue(1);
        assertThat(store.get(key)).get().extracting(IdempotencyRecord::status).isEqualTo(IdempotencyStatus.COMPLETED);
    }

    @Test
    void refusesTheSameKeyWithAnotherPayload() {
        String key = key();
        idempotency.execute(key, Map.of("a", 1), String.class, null, () -> "x");
        assertThatThrownBy(() -> idempotency.execute(key, Map.of("a", 2), String.class, null, () -> "y"))
                .isInstanceOf(IdempotencyValidationException.class);
    }

    @Test
    void aDuplicateWhileInProgressIsRefusedUntilTheClaimExpires() {
        String key = key();
        Instant now = Instant.now();
        store.claim(key, IdempotencyStatus.INPROGRESS, Idempotency.hash(com.creatorflow.shared.json.Json.bytes(
                Map.of("a", 1))), Duration.ofHours(1), now.plusSeconds(60), Map.of());
        assertThatThrownBy(() -> idempotency.execute(key, Map.of("a", 1), String.class,
                LocalLambdaContext.forTest("f"), () -> "y"))
                .isInstanceOf(IdempotencyAlreadyInProgressException.class);

        Idempotency later = new Idempotency(new IdempotencyStore(TestStack.get().env().aws().dynamo(),
                TestStack.get().tables().get("IdempotencyTable"),
                Clock.fixed(now.plusSeconds(120), ZoneOffset.UTC)));
        assertThat(later.execute(key, Map.of("a", 1), String.class, null, () -> "retried")).isEqualTo("retried");
    }

    @Test
    void aFailureReleasesTheKeySoThatARetryRuns() {
        String key = key();
        assertThatThrownBy(() -> idempotency.execute(key, "p", String.class, null, () -> {
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(store.get(key)).isEmpty();
        assertThat(idempotency.execute(key, "p", String.class, null, () -> "ok")).isEqualTo("ok");
    }

    @Test
    void anExpiredRecordCountsAsAbsent() {
        String key = key();
        idempotency.execute(key, "p", String.class, null, () -> "old");
        Clock twoHoursLater = Clock.fixed(Instant.now().plus(Duration.ofHours(2)), ZoneOffset.UTC);
        Idempotency later = new Idempotency(new IdempotencyStore(TestStack.get().env().aws().dynamo(),
                TestStack.get().tables().get("IdempotencyTable"), twoHoursLater));
        assertThat(later.execute(key, "p", String.class, null, () -> "new")).isEqualTo("new");
    }

    @Test
    void completeOnceTellsTheFirstCompleterFromADuplicate() {
        String key = key();
        assertThat(store.completeOnce(key, "{}", Duration.ofHours(1))).isTrue();
        assertThat(store.completeOnce(key, "{}", Duration.ofHours(1))).isFalse();
    }
}
