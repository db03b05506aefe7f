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
import java.util.Random;
import java.util.Set;

/**
 * {@code ./creatorflow chaos}: the real path under crashes. The TikTok Shop and carrier simulators run in this JVM;
 * the local runtime runs as a child JVM on a durable data folder. The simulator's traffic generator sends signed
 * webhooks at a rate while the runtime is killed with SIGKILL at random moments and restarted on the same folder each
 * time; then the traffic stops, the run waits (with a deadline) until the system is quiet, and {@link Verification}
 * checks that nothing acknowledged was lost, nothing was done twice and every invariant holds. Exits 1 on any
 * violation.
 */
public final class ChaosRun {
    private static final Duration MIN_UPTIME = Duration.ofSeconds(5);

    /**
     * What to run.
     *
     * @param duration how long traffic flows (the kills happen in this window)
     * @param kills how many SIGKILLs, at least
     * @param rate orders per second (each sends two or three webhooks, plus TikTok's answer to our shipment)
     * @param seed seeds the kill moments (the traffic's contents stay random)
     * @param settle how long to wait for quiet after the traffic
     * @param cancelShare the share of orders paid straight away that the buyer then cancels
     * @param dir the work folder (data folder and runtime logs), kept after the run
     */
    public record Options(Duration duration, int kills, double rate, long seed, Duration settle, double cancelShare,
                          Path dir) {
        /** The command's defaults: 3 minutes, 10 kills, 2.5 orders/s, up to 3 minutes to settle. */
        static Options defaults() {
            return new Options(Duration.ofMinutes(3), 10, 2.5, new Random().nextLong(), Duration.ofMinutes(3), 0.2,
                    null);
        }
    }

    private ChaosRun() {
    }

    public static void main(String[] args) throws Exception {
        Command.main(args, ChaosRun::parse, ChaosRun::run);
    }

    /** Runs and verifies; the report says whether it passed. */
    public static RunReport run(Options options, PrintStream out) throws Exception {
        Path dir = options.dir() != null ? options.dir() : Files.createTempDirectory("creatorflow-chaos");
        Path data = Simulators.dataDir(dir);
        RunReport report = new RunReport("chaos", out);
        report.note(String.format(Locale.ROOT, "traffic %s at %.2f orders/s, at least %d kills (seed %d), settle "
                + "up to %s; data folder %s", options.duration(), options.rate(), options.kills(), options.seed(),
                options.settle(), data));
        LocalSecrets secrets = LocalSecrets.load(data);
        Random random = new Random(options.seed());
        List<Duration> restarts = new ArrayList<>();
        try (Simulators world = new Simulators(secrets)) {
            RuntimeProcess.Launch launch = world.launch(dir, List.of());
            RuntimeProcess runtime = RuntimeProcess.start(launch);
            try {
                report.figure("first_start", runtime.startTime().toMillis(), "ms");
                world.connect(runtime);
                int orders = (int) Math.round(options.rate() * options.duration().toSeconds());
                world.traffic(options.rate(), orders, 0.5, options.cancelShare());
                long trafficStart = System.nanoTime();
                long trafficEnd = trafficStart + options.duration().toNanos();
                for (int kill = 0; kill < options.kills(); kill++) {
                    long now = System.nanoTime();
                    long left = Math.max(0, trafficEnd - now);
                    long gap = (long) (left / (double) (options.kills() - kill) * (0.5 + random.nextDouble()));
                    long at = Math.max(now + MIN_UPTIME.toNanos(), now + gap);
                    Thread.sleep(Duration.ofNanos(at - now).toMillis());
                    runtime.kill();
                    report.note(String.format(Locale.ROOT, "kill %d at %.1f s (pid %d)", kill + 1,
                            (System.nanoTime() - trafficStart) / 1e9, runtime.pid()));
                    runtime = RuntimeProcess.start(launch);
                    world.follow(runtime);
                    restarts.add(runtime.startTime());
                    report.note(String.format(Locale.ROOT, "  restarted in %d ms (pid %d)",
                            runtime.startTime().toMillis(), runtime.pid()));
                }
                long rest = trafficEnd + Duration.ofSeconds(3).toNanos() - System.nanoTime();
                if (rest > 0) {
                    Thread.sleep(rest / 1_000_000);
                }
                long settleStart = System.nanoTime();
                Settling.Outcome settled = Settling.await(runtime, world, Duration.ofSeconds(8), options.settle());
                report.figure("settle", (System.nanoTime() - settleStart) / 1e9, "s");
                if (!settled.quiet()) {
                    report.violation("settled", "still busy after " + options.settle() + ": " + settled.busy());
                }
                restarts(report, restarts);
                webhooks(report, world);
                new Verification(runtime, world, report).run();
            } finally {
                runtime.close();
            }
        }
        report.summary();
        return report;
    }

    private static void restarts(RunReport report, List<Duration> restarts) {
        report.figure("kills", restarts.size(), "kills");
        long[] nanos = restarts.stream().mapToLong(Duration::toNanos).toArray();
        if (nanos.length > 0) {
            report.figure("restart_p50", BenchReport.percentileMillis(nanos, 50), "ms");
            report.figure("restart_max", BenchReport.percentileMillis(nanos, 100), "ms");
            report.note("restart times (JVM launch to /health UP): " + restarts.stream()
                    .map(d -> d.toMillis() + " ms").toList());
        }
    }

    private static void webhooks(RunReport report, Simulators world) {
        var stats = world.tiktok().webhooks().stats();
        report.figure("webhook_deliveries", stats.sent(), "deliveries");
        report.figure("webhooks_acknowledged", stats.acknowledged(), "webhooks");
        report.figure("webhook_deliveries_failed", stats.failed() + stats.refused(), "deliveries");
        long[] latencies = world.drainAckLatencies();
        report.figure("webhook_ack_p99", BenchReport.percentileMillis(latencies, 99), "ms");
        report.note("a failed delivery (runtime down) is retried after " + Simulators.WEBHOOK_RETRIES.stream()
                .map(d -> d.toSeconds() + " s").toList() + "; a webhook whose every attempt failed is not "
                + "acknowledged, so its order may rightly be unknown");
    }

    /** Parses the command line; null after printing help. */
    static Options parse(String[] args) {
        Map<String, String> flags = Command.flags(args, Set.of("duration", "kills", "rate", "seed", "settle",
                "cancel-share", "dir"), HELP);
        if (flags == null) {
            return null;
        }
        Options o = Options.defaults();
        return new Options(
                flags.containsKey("duration") ? duration(flags.get("duration")) : o.duration(),
                flags.containsKey("kills") ? Integer.parseInt(flags.get("kills")) : o.kills(),
                flags.containsKey("rate") ? Double.parseDouble(flags.get("rate")) : o.rate(),
                flags.containsKey("seed") ? Long.parseLong(flags.get("seed")) : o.seed(),
                flags.containsKey("settle") ? duration(flags.get("settle")) : o.settle(),
                flags.containsKey("cancel-share") ? Double.parseDouble(flags.get("cancel-share")) : o.cancelShare(),
                flags.containsKey("dir") ? Path.of(flags.get("dir")).toAbsolutePath() : o.dir());
    }

    /** "90s", "3m", "1h" or plain seconds. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        char unit = t.charAt(t.length() - 1);
        long amount = Character.isDigit(unit) ? Long.parseLong(t) : Long.parseLong(t.substring(0, t.length() - 1));
        return switch (unit) {
            case 'h' -> Duration.ofHours(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 's' -> Duration.ofSeconds(amount);
            default -> {
                if (!Character.isDigit(unit)) {
                    throw new IllegalArgumentException("not a duration: " + text + " (use 90s, 3m, 1h)");
                }
                yield Duration.ofSeconds(amount);
            }
        };
    }

    private static final String HELP = """
            ./creatorflow chaos: kill the local runtime with SIGKILL under webhook traffic, restart it on the same
            data folder, then check that nothing acknowledged was lost and nothing happened twice. Exit 1 on any
            violation.

              --duration D      traffic time, in which the kills happen      default 3m
              --kills N         SIGKILLs (at least)                           default 10
              --rate R          orders per second                             default 2.5
              --seed N          seeds the kill moments                        default random (printed)
              --settle D        longest wait for quiet after the traffic      default 3m
              --cancel-share S  share of straight-paid orders then cancelled  default 0.2
              --dir DIR         work folder (data, runtime.log), kept         default a new temp folder
            """;
}
