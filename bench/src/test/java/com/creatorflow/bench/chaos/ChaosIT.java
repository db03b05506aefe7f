package com.creatorflow.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short form of {@code ./creatorflow chaos}: 40 s of webhook traffic with three SIGKILLs of the runtime JVM and a
 * restart on the same data folder after each, then every check (nothing acknowledged lost, nothing done twice, audit,
 * inventory, analytics, nothing stuck). It needs the runtime's queues to survive a crash.
 */
class ChaosIT {
    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void threeKillsUnderTrafficLoseNothingAndDoNothingTwice(@TempDir Path dir) throws Exception {
        ChaosRun.Options options = new ChaosRun.Options(Duration.ofSeconds(40), 3, 2, 16, Duration.ofSeconds(120),
                0.2, dir);

        RunReport report = ChaosRun.run(options, System.out);

        assertThat(report.violations()).containsKeys("lost", "final-state", "duplicate-label", "duplicate-push",
                "audit-chain", "inventory", "analytics", "stuck");
        assertThat(report.passed()).as(report.failures()).isTrue();
    }
}
