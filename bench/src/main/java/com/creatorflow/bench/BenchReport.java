package com.creatorflow.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/** Prints a benchmark's figures in a uniform, greppable shape: {@code name.metric = value unit}. */
public final class BenchReport {
    private final String benchmark;
    private final PrintStream out;

    /** A report whose figures are named {@code benchmark.metric}, printed to {@code out}. */
    public BenchReport(String benchmark, PrintStream out) {
        this.benchmark = benchmark;
        this.out = out;
    }

    /** A figure. */
    public void figure(String metric, double value, String unit) {
        out.printf(Locale.ROOT, "%s.%s = %.2f %s%n", benchmark, metric, value, unit);
    }

    /** A free-form note (setup, machine, caveats). */
    public void note(String text) {
        out.println("# " + text);
    }

    /** The p-th percentile (0-100) of sorted-or-not latencies in nanoseconds, in milliseconds. */
    public static double percentileMillis(long[] nanos, double p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1_000_000.0;
    }
}
