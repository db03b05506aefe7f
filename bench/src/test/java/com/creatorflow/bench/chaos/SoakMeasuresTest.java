package com.creatorflow.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of the soak and chaos commands: durations, GC log lines, trend slopes and envelopes. */
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

    /**
     * A compacted journal over 30 samples, 40 orders each: it rises 1.5 MB a sample from 0.3 MB and drops back after
     * 6.3 MB, a saw of 5 samples; {@code phase} shifts where in the saw the run ends.
     */
    private static List<double[]> sawtooth(int phase) {
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            double mb = 0.3 + 1.5 * ((i + phase) % 5);
            points.add(new double[] {(i + 1) / 3.0, (i + 1) * 40, mb * 1_048_576});
        }
        return points;
    }

    private static double slopePerOrderOverSecondHalf(List<double[]> points) {
        List<double[]> second = points.subList(15, 30);
        return SoakRun.slope(second, p -> p[0], p -> p[2]) / SoakRun.slope(second, p -> p[0], p -> p[1]);
    }

    @Test
    void aCompactedSawtoothIsNotGrowthThoughItsSlopeSaysSo() {
        List<double[]> saw = sawtooth(0);
        SoakRun.Envelope envelope = SoakRun.Envelope.of(saw, p -> p[2], p -> p[1]);

        assertThat(slopePerOrderOverSecondHalf(saw)).as("the least-squares slope misreads the saw").isGreaterThan(4000);
        assertThat(slopePerOrderOverSecondHalf(sawtooth(2))).as("and depends on its phase").isLessThan(-2000);
        assertThat(envelope.firstPeak()).isEqualTo(6.3 * 1_048_576);
        assertThat(envelope.lastPeak()).isEqualTo(6.3 * 1_048_576);
        assertThat(envelope.rise()).isLessThan(SoakRun.JOURNAL_ENVELOPE_LIMIT);
        assertThat(envelope.grows(SoakRun.JOURNAL_ENVELOPE_LIMIT, SoakRun.JOURNAL_ENVELOPE_SLACK)).isFalse();
    }

    @Test
    void aSawtoothWhosePeaksRiseIsGrowth() {
        List<double[]> leaking = sawtooth(0).stream()
                .map(p -> new double[] {p[0], p[1], p[2] + p[1] * 4096}).toList();
        List<double[]> keepsEverything = sawtooth(0).stream()
                .map(p -> new double[] {p[0], p[1], p[1] * 185_000}).toList();

        SoakRun.Envelope leak = SoakRun.Envelope.of(leaking, p -> p[2], p -> p[1]);
        assertThat(leak.grows(SoakRun.JOURNAL_ENVELOPE_LIMIT, SoakRun.JOURNAL_ENVELOPE_SLACK)).isTrue();
        assertThat(leak.perOrder()).isGreaterThan(2048);
        SoakRun.Envelope all = SoakRun.Envelope.of(keepsEverything, p -> p[2], p -> p[1]);
        assertThat(all.grows(SoakRun.JOURNAL_ENVELOPE_LIMIT, SoakRun.JOURNAL_ENVELOPE_SLACK)).isTrue();
        assertThat(all.perOrder()).isCloseTo(185_000, within(1.0));
    }

    @Test
    void aSmallJournalRisingUnderTheSlackIsNotJudged() {
        SoakRun.Envelope tiny = SoakRun.Envelope.of(List.of(new double[] {1, 10_000}, new double[] {2, 20_000},
                new double[] {3, 40_000}), p -> p[1], p -> p[0]);
        assertThat(tiny.rise()).isGreaterThan(1);
        assertThat(tiny.grows(SoakRun.JOURNAL_ENVELOPE_LIMIT, SoakRun.JOURNAL_ENVELOPE_SLACK)).isFalse();
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
