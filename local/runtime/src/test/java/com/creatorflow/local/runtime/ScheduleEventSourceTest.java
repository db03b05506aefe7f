package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rate expressions as EventBridge writes them; cron is refused clearly. */
class ScheduleEventSourceTest {
    @Test
    void readsRateExpressions() {
        assertThat(ScheduleEventSource.period("rate(15 minutes)")).isEqualTo(Duration.ofMinutes(15));
        assertThat(ScheduleEventSource.period("rate(1 minute)")).isEqualTo(Duration.ofMinutes(1));
        assertThat(ScheduleEventSource.period("rate(2 hours)")).isEqualTo(Duration.ofHours(2));
        assertThat(ScheduleEventSource.period("rate(1 day)")).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void refusesCronWithAClearMessage() {
        assertThatThrownBy(() -> ScheduleEventSource.period("cron(0 12 * * ? *)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cron");
        assertThatThrownBy(() -> ScheduleEventSource.period("rate(0 minutes)"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
