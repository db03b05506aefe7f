package com.creatorflow.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** When an object expires under a lifecycle rule, counted as S3 counts. */
class BucketExpiryTest {
    @Test
    void anObjectExpiresAtTheMidnightAfterItsAgeReachesTheRulesDays() {
        BucketExpiry.Rule rule = new BucketExpiry.Rule("b", "", 3);
        assertThat(rule.expiresAt(Instant.parse("2026-01-01T10:30:00Z"))).isEqualTo("2026-01-05T00:00:00Z");
        assertThat(rule.expiresAt(Instant.parse("2026-01-01T23:59:59Z"))).isEqualTo("2026-01-05T00:00:00Z");
    }
}
