package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.local.sfn.store.Retention;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The run command's flags for the local Step Functions engine's retention of closed executions. */
class RuntimeOptionsTest {
    private static final Path ROOT = Path.of("/tmp/creatorflow");

    @Test
    void closedExecutionsAreKeptSevenDaysAndTenThousandByDefault() {
        assertThat(RuntimeOptions.parse(new String[0], ROOT).sfnRetention()).isEqualTo(Retention.DEFAULT);
    }

    @Test
    void theRetentionFlagsSetThePeriodAndTheCount() {
        RuntimeOptions options = RuntimeOptions.parse(new String[] {"--sfn-retention-days", "3",
                "--sfn-max-closed", "500", "--in-memory"}, ROOT);
        assertThat(options.sfnRetention()).isEqualTo(new Retention(Duration.ofDays(3), 500));
        assertThat(options.withDataDir(ROOT).sfnRetention()).isEqualTo(options.sfnRetention());
    }

    @Test
    void aRetentionOfZeroDaysIsRefused() {
        assertThatThrownBy(() -> RuntimeOptions.parse(new String[] {"--sfn-retention-days", "0"}, ROOT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention period");
    }
}
