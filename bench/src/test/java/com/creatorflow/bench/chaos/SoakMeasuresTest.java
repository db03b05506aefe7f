package com.creatorflow.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of the soak and chaos commands: durations, GC log lines and trend slopes. */
class SoakMeasuresTest {
    @Test
    void durationsTakeAUnitOrPlainSeconds() {
        assertThat(ChaosRun.duration("3m")).isEqualTo(Duration.ofMinutes(3));
        assertThat(ChaosRun.duration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ChaosRun.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(ChaosRun.duration("45")).isEqualTo(Duration.ofSeconds(45));
        assertThatThrownBy(() -> ChaosRun.duration("3x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyForcedFullCollectionsCountAsHeapAfterGc() {
        List<String> log = List.of(
                "[6.2s] GC(0) Pause Full (Metadata GC Threshold) 79M->12M(362M) 161.273ms",
                "[7.4s] GC(3) Pause Young (Allocation Failure) 114M->39M(362M) 132.844ms",
                "[60.1s] GC(9) Pause Full (Diagnostic Command) 140M->52M(512M) 80.000ms",
                "[120.1s] GC(15) Pause Full (System.gc()) 2G->1536K(3G) 80.000ms");
        assertThat(ProcessProbe.fullCollections(log)).containsExactly(52.0, 1.5);
    }

    @Test
    void theSlopeIsTheLeastSquaresGrowthPerMinute() {
        List<double[]> flat = List.of(new double[] {1, 50}, new double[] {2, 52}, new double[] {3, 48},
                new double[] {4, 50});
        List<double[]> growing = List.of(new double[] {1, 10}, new double[] {2, 12}, new double[] {3, 14},
                new double[] {4, 16});
        assertThat(SoakRun.slope(flat, p -> p[0], p -> p[1])).isCloseTo(-0.4, within(1e-9));
        assertThat(SoakRun.slope(growing, p -> p[0], p -> p[1])).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void optionsHaveTheDocumentedDefaults() {
        ChaosRun.Options chaos = ChaosRun.parse(new String[] {"--seed", "7"});
        assertThat(chaos.duration()).isEqualTo(Duration.ofMinutes(3));
        assertThat(chaos.kills()).isEqualTo(10);
        assertThat(chaos.rate()).isEqualTo(2.5);
        assertThat(chaos.seed()).isEqualTo(7);
        SoakRun.Options soak = SoakRun.parse(new String[] {"--duration", "10m"});
        assertThat(soak.interval()).isEqualTo(Duration.ofSeconds(20));
        assertThat(soak.rate()).isEqualTo(2);
        assertThatThrownBy(() -> SoakRun.parse(new String[] {"--bogus", "1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option");
    }
}
