package com.creatorflow.bench.chaos;

import com.creatorflow.bench.BenchReport;
import com.creatorflow.local.runtime.LocalSecrets;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * {@code ./creatorflow soak}: the runtime as a child JVM on a durable data folder under steady webhook traffic (on-hold
 * orders, which ship within seconds, so the work in flight stays level) for a long time, sampled at intervals: heap
 * after a forced full collection, resident memory (the JVM and Dynoxide), threads, the data folder's sizes on disk,
 * the Step Functions journal and the p99 webhook acknowledgement latency. At the end the traffic stops, the system
 * settles, the runtime is restarted on the same folder (its start time, journal replay included) and the chaos run's
 * checks run. It fails on a growth trend: the heap after GC growing more than {@value #HEAP_SLOPE_LIMIT} MB/min over
 * the second half of the samples (least-squares slope; a forced full collection leaves no sawtooth), or the journal's
 * envelope growing (see {@link Envelope}): compaction makes the journal a sawtooth, whose least-squares slope depends
 * on where the last samples fall in the saw, so the journal is judged by its peaks, the largest value in the last
 * third of the samples against the largest in the first third; or on any check's violation.
 */
public final class SoakRun {
    /** Largest tolerated growth of the heap after a full GC over the second half, MB per minute. */
    static final double HEAP_SLOPE_LIMIT = 1.0;
    /** Largest tolerated rise of the journal's peaks, last third against first third, as a fraction. */
    static final double JOURNAL_ENVELOPE_LIMIT = 0.25;
    /** A rise of the journal's peaks below this many bytes is never a trend (a journal too small to judge). */
    static final long JOURNAL_ENVELOPE_SLACK = 1_048_576;

    /**
     * What to run.
     *
     * @param duration how long the traffic flows
     * @param rate orders per second
     * @param interval time between samples
     * @param dir the work folder (data folder, GC and runtime logs), kept after the run
     */
    public record Options(Duration duration, double rate, Duration interval, Path dir) {
    }

    /** One sample. */
    private record Sample(double minutes, long orders, double heapMb, double rssMb, double dynoxideRssMb, long threads,
                          long dataBytes, long journalBytes, double ackP99Ms) {
        double journalPerOrder() {
            return orders == 0 ? 0 : (double) journalBytes / orders;
        }
    }

    private SoakRun() {
    }

    public static void main(String[] args) throws Exception {
        Command.main(args, SoakRun::parse, SoakRun::run);
    }

    /**
     * The Step Functions journal's bytes: the engine's folder without its archive of closed executions
     * ({@code executions/}), which the retention bounds by age and count rather than by compaction.
     */
    private static long journalBytes(Path data) {
        Path engine = data.resolve("stepfunctions");
        if (!Files.isDirectory(engine)) {
            return 0;
        }
        return ProcessProbe.sizes(engine).entrySet().stream().filter(e -> !e.getKey().equals("executions"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Runs, samples and judges the trends. */
    public static RunReport run(Options options, PrintStream out) throws Exception {
        Path dir = options.dir() != null ? options.dir() : Files.createTempDirectory("creatorflow-soak");
        Path data = Simulators.dataDir(dir);
        RunReport report = new RunReport("soak", out);
        report.note(String.format(Locale.ROOT, "traffic %s at %.2f on-hold orders/s, a sample every %s; thresholds "
                + "heap after GC over the second half <= %.1f MB/min; journal peaks, last third against first, rise "
                + "<= %.0f%% (or 1 MB); data folder %s", options.duration(), options.rate(), options.interval(),
                HEAP_SLOPE_LIMIT, JOURNAL_ENVELOPE_LIMIT * 100, data));
        LocalSecrets secrets = LocalSecrets.load(data);
        try (Simulators world = new Simulators(secrets)) {
            RuntimeProcess.Launch launch = world.launch(dir, List.of(ProcessProbe.gcLogOption(dir)));
            RuntimeProcess runtime = RuntimeProcess.start(launch);
            try {
                report.figure("first_start", runtime.startTime().toMillis(), "ms");
                world.connect(runtime);
                world.traffic(options.rate(), (int) Math.round(options.rate() * options.duration().toSeconds()), 1.0,
                        0);
                List<Sample> samples = sample(runtime, world, options, dir, data, out);
                Settling.Outcome settled = Settling.await(runtime, world, Duration.ofSeconds(8),
                        Duration.ofMinutes(3));
                if (!settled.quiet()) {
                    report.violation("settled", "still busy three minutes after the traffic: " + settled.busy());
                }
                runtime.close();
                runtime = RuntimeProcess.start(launch);
                world.follow(runtime);
                report.figure("restart_at_end", runtime.startTime().toMillis(), "ms");
                trends(report, samples);
                new Verification(runtime, world, report).run();
            } finally {
                runtime.close();
            }
        }
        report.summary();
        return report;
    }

    private static List<Sample> sample(RuntimeProcess runtime, Simulators world, Options options, Path dir, Path data,
                                       PrintStream out) throws InterruptedException {
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + options.duration().toNanos();
        out.printf(Locale.ROOT, "# %7s %7s %9s %8s %9s %7s %9s %9s %11s %8s%n", "minute", "orders", "heap-gc MB",
                "rss MB", "dynox MB", "threads", "data MB", "journal MB", "journal B/o", "ack p99");
        for (long next = start + options.interval().toNanos(); next <= end; next += options.interval().toNanos()) {
            Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
            Map<String, Long> sizes = ProcessProbe.sizes(data);
            long[] latencies = world.drainAckLatencies();
            Sample s = new Sample((System.nanoTime() - start) / 60e9,
                    world.tiktok().orderIds(world.shop().id()).size(),
                    ProcessProbe.heapAfterFullGc(runtime.pid(), dir), ProcessProbe.rssMb(runtime.pid(), null),
                    ProcessProbe.rssMb(runtime.pid(), "dynoxide"), ProcessProbe.status(runtime.pid(), "Threads"),
                    sizes.values().stream().mapToLong(Long::longValue).sum(),
                    journalBytes(data), BenchReport.percentileMillis(latencies, 99));
            samples.add(s);
            out.printf(Locale.ROOT, "# %7.1f %7d %9.1f %8.0f %9.0f %7d %9.1f %9.1f %11.0f %6.1f ms%n", s.minutes(),
                    s.orders(), s.heapMb(), s.rssMb(), s.dynoxideRssMb(), s.threads(), s.dataBytes() / 1_048_576.0,
                    s.journalBytes() / 1_048_576.0, s.journalPerOrder(), s.ackP99Ms());
        }
        out.println("# data folder at the end: " + ProcessProbe.sizes(data).entrySet().stream()
                .map(e -> e.getKey() + " " + ProcessProbe.human(e.getValue())).toList());
        return samples;
    }

    private static void trends(RunReport report, List<Sample> samples) {
        List<Sample> second = samples.subList(samples.size() / 2, samples.size());
        if (second.size() < 3) {
            report.violation("trend", "too few samples (" + samples.size() + ") to judge a trend; run longer or "
                    + "sample more often");
            return;
        }
        double heap = slope(second, Sample::heapMb);
        Envelope journal = Envelope.of(samples, s -> s.journalBytes(), s -> s.orders());
        Envelope data = Envelope.of(samples, s -> s.dataBytes(), s -> s.orders());
        report.figure("heap_after_gc_slope", heap, "MB/min");
        report.figure("journal_peak_first_third", journal.firstPeak() / 1_048_576.0, "MB");
        report.figure("journal_peak_last_third", journal.lastPeak() / 1_048_576.0, "MB");
        report.figure("journal_peak_rise", journal.rise() * 100, "%");
        report.figure("journal_envelope_growth_per_order", journal.perOrder(), "bytes/order");
        report.figure("data_folder_peak_rise", data.rise() * 100, "%");
        report.figure("rss_slope", slope(second, Sample::rssMb), "MB/min");
        report.figure("threads_slope", slope(second, s -> s.threads()), "threads/min");
        report.figure("ack_p99_slope", slope(second, Sample::ackP99Ms), "ms/min");
        report.figure("ack_p99_last", second.get(second.size() - 1).ackP99Ms(), "ms");
        report.checked("trend");
        if (Double.isNaN(heap) || heap > HEAP_SLOPE_LIMIT) {
            report.violation("trend", String.format(Locale.ROOT, "heap after GC grows %.2f MB/min (limit %.1f)", heap,
                    HEAP_SLOPE_LIMIT));
        }
        if (journal.grows(JOURNAL_ENVELOPE_LIMIT, JOURNAL_ENVELOPE_SLACK)) {
            report.violation("trend", String.format(Locale.ROOT, "the journal's peaks grow from %.1f MB (first third) "
                    + "to %.1f MB (last third), +%.0f%% (limit %.0f%%), %.0f bytes per order", journal.firstPeak()
                    / 1_048_576.0, journal.lastPeak() / 1_048_576.0, journal.rise() * 100,
                    JOURNAL_ENVELOPE_LIMIT * 100, journal.perOrder()));
        }
    }

    /**
     * The upper envelope of a sawtooth series: its largest value in the first third of the samples and in the last
     * third, and the orders processed between the two peaks. A bounded sawtooth (a journal compacted at a threshold)
     * has peaks of the same height however its last samples fall; one that keeps what it was given raises them.
     *
     * @param firstPeak the largest value in the first third
     * @param lastPeak the largest value in the last third
     * @param orders orders processed between the two peaks (at least 1)
     */
    record Envelope(double firstPeak, double lastPeak, double orders) {
        /** The envelope of a series; {@code orders} is the running count of orders at each sample. */
        static <T> Envelope of(List<T> points, ToDoubleFunction<T> value, ToDoubleFunction<T> orders) {
            int third = Math.max(1, points.size() / 3);
            T first = peak(points.subList(0, third), value);
            T last = peak(points.subList(points.size() - third, points.size()), value);
            return new Envelope(value.applyAsDouble(first), value.applyAsDouble(last),
                    Math.max(1, orders.applyAsDouble(last) - orders.applyAsDouble(first)));
        }

        private static <T> T peak(List<T> points, ToDoubleFunction<T> value) {
            T best = points.getFirst();
            for (T p : points) {
                if (value.applyAsDouble(p) > value.applyAsDouble(best)) {
                    best = p;
                }
            }
            return best;
        }

        /** The last peak's rise over the first, as a fraction of the first. */
        double rise() {
            return firstPeak <= 0 ? (lastPeak > 0 ? Double.POSITIVE_INFINITY : 0) : lastPeak / firstPeak - 1;
        }

        /** The peaks' rise per order processed between them. */
        double perOrder() {
            return (lastPeak - firstPeak) / orders;
        }

        /** Whether the peaks rose by more than {@code limit} (a fraction) and by more than {@code slack}. */
        boolean grows(double limit, double slack) {
            return lastPeak - firstPeak > slack && rise() > limit;
        }
    }

    /** Least-squares slope of a value over the samples' minutes (NaN when any value is NaN). */
    static <T> double slope(List<T> points, ToDoubleFunction<T> x, ToDoubleFunction<T> y) {
        double n = points.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (T p : points) {
            double a = x.applyAsDouble(p);
            double b = y.applyAsDouble(p);
            sx += a;
            sy += b;
            sxx += a * a;
            sxy += a * b;
        }
        double denominator = n * sxx - sx * sx;
        return denominator == 0 ? 0 : (n * sxy - sx * sy) / denominator;
    }

    private static double slope(List<Sample> samples, ToDoubleFunction<Sample> value) {
        return slope(samples, Sample::minutes, value);
    }

    /** Parses the command line; null after printing help. */
    static Options parse(String[] args) {
        Map<String, String> flags = Command.flags(args, Set.of("duration", "rate", "interval", "dir"), HELP);
        if (flags == null) {
            return null;
        }
        Duration duration = ChaosRun.duration(flags.getOrDefault("duration", "30m"));
        Duration interval = flags.containsKey("interval") ? ChaosRun.duration(flags.get("interval"))
                : Duration.ofSeconds(Math.max(15, duration.toSeconds() / 30));
        return new Options(duration, Double.parseDouble(flags.getOrDefault("rate", "2")), interval,
                flags.containsKey("dir") ? Path.of(flags.get("dir")).toAbsolutePath() : null);
    }

    private static final String HELP = """
            ./creatorflow soak: steady webhook traffic into the local runtime (a child JVM), sampled over time; fails
            on a growing heap after GC (> 1 MB/min over the second half), on journal peaks that rise (the largest
            size in the last third of the samples > 125% of the largest in the first third, and by over 1 MB), or on
            any chaos check after the run. CI-sized: --duration 10m.

              --duration D   traffic time                                  default 30m
              --rate R       on-hold orders per second                     default 2
              --interval D   time between samples                         default duration/30, at least 15s
              --dir DIR      work folder (data, gc and runtime logs), kept default a new temp folder
            """;
}
