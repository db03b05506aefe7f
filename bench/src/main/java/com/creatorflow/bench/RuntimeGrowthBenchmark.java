package com.creatorflow.bench;

import com.creatorflow.local.runtime.LocalRuntime;
import com.creatorflow.local.runtime.RuntimeOptions;
import com.creatorflow.local.sfn.engine.SfnException;
import com.creatorflow.local.sfn.engine.StepFunctionsEngine;
import com.creatorflow.local.simulators.carriers.EasyPostSimulator;
import com.creatorflow.local.simulators.tiktok.SimShop;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.order.TikTokOrderStatus;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.management.ObjectName;

/**
 * What the local runtime keeps per order on a durable data folder: orders from the TikTok Shop simulator (UNPAID,
 * ON_HOLD, then AWAITING_SHIPMENT webhooks) run through the whole fulfilment at a fixed rate; after the warm-up and
 * after each quarter the heap after a full GC and the size of the Step Functions folder are measured, and the growth
 * per order is their least-squares slope; then the runtime restarts on the same folder and its start time is
 * compared with a start on an empty folder.
 */
public final class RuntimeGrowthBenchmark implements Benchmark {
    private static final int ORDERS = Integer.getInteger("growth.orders", 400);
    private static final double RATE = Double.parseDouble(System.getProperty("growth.rate", "5"));
    private static final int WARMUP = Integer.getInteger("growth.warmup", 40);
    private static final int STEPS = 4;
    private static final boolean HISTOGRAM = Boolean.getBoolean("growth.histogram");
    private static final int SHOPS = 4;
    private static final Duration PATIENCE = Duration.ofMinutes(10);
    private static final String APP_KEY = "bench-growth";
    private static final String APP_SECRET = "bench-secret-" + UUID.randomUUID();

    @Override
    public String name() {
        return "growth";
    }

    @Override
    public String description() {
        return "runtime on a durable folder: heap after full GC and Step Functions disk per order, start time "
                + "after N orders vs an empty folder";
    }

    @Override
    public void run(BenchReport report) throws Exception {
        Path dir = Files.createTempDirectory("bench-growth");
        try (TikTokShopSimulator tiktok = TikTokShopSimulator.start(APP_KEY, APP_SECRET);
             EasyPostSimulator carriers = EasyPostSimulator.start()) {
            Map<String, String> overrides = new LinkedHashMap<>(carriers.functionVariables());
            overrides.putAll(Map.of("TIKTOK_APP_KEY", APP_KEY, "TIKTOK_APP_SECRET", APP_SECRET,
                    "TIKTOK_API_URL", tiktok.baseUrl().toString(), "TIKTOK_AUTH_URL", tiktok.baseUrl().toString()));
            RuntimeOptions options = new RuntimeOptions(0, 0, 0, dir, false);
            long emptyStart = System.nanoTime();
            List<Sample> samples = new ArrayList<>();
            try (LocalRuntime runtime = LocalRuntime.start(options, overrides)) {
                report.figure("start_empty_folder", (System.nanoTime() - emptyStart) / 1e6, "ms");
                tiktok.webhooks().target(runtime.baseUrl().resolve("/webhooks/tiktok"));
                Env env = runtime.functions().get("TikTokSyncFunction").env();
                List<String> shops = new ArrayList<>();
                for (int s = 0; s < SHOPS; s++) {
                    SimShop shop = tiktok.addShop("growth shop " + s);
                    Creators.setUp(name -> runtime.functions().get(name).env(), "growth-" + s + "-"
                            + UUID.randomUUID().toString().substring(0, 8), shop, 1_000_000);
                    shops.add(shop.id());
                }
                String executionPrefix = env.require("FULFILMENT_STATE_MACHINE_ARN")
                        .replace(":stateMachine:", ":execution:") + ":order-";
                runOrders(tiktok, runtime.stepFunctions(), executionPrefix, shops, WARMUP);
                samples.add(sample(dir, 0));
                for (int step = 1; step <= STEPS; step++) {
                    runOrders(tiktok, runtime.stepFunctions(), executionPrefix, shops, ORDERS / STEPS);
                    samples.add(sample(dir, step * (ORDERS / STEPS)));
                }
                footprint(report, runtime.stepFunctions(), dir);
                if (HISTOGRAM) {
                    histogram(report);
                }
            }
            Sample first = samples.get(0);
            Sample last = samples.get(samples.size() - 1);
            for (Sample sample : samples) {
                report.note(String.format(Locale.ROOT, "after %d orders: heap %.1f MB, Step Functions folder %.2f MB, "
                        + "data folder %.2f MB", sample.orders, sample.heap / 1e6, sample.stepFunctionsBytes / 1e6,
                        sample.dataBytes / 1e6));
            }
            report.figure("orders", WARMUP + ORDERS, "orders");
            report.figure("heap_after_gc_warm", first.heap / 1e6, "MB");
            report.figure("heap_after_gc_end", last.heap / 1e6, "MB");
            report.figure("heap_per_order", slope(samples, Sample::heap) / 1e3, "KB");
            report.figure("stepfunctions_disk_end", last.stepFunctionsBytes / 1e6, "MB");
            report.figure("stepfunctions_disk_per_order", slope(samples, Sample::stepFunctionsBytes) / 1e3, "KB");
            report.figure("data_folder_disk_per_order", slope(samples, Sample::dataBytes) / 1e3, "KB");

            long restart = System.nanoTime();
            try (LocalRuntime again = LocalRuntime.start(options, overrides)) {
                report.figure("start_after_orders", (System.nanoTime() - restart) / 1e6, "ms");
                StepFunctionsEngine.Footprint footprint = again.stepFunctions().footprint();
                report.figure("journal_records_replayed_at_start", footprint.replayedRecords(), "records");
                report.figure("journal_bytes_replayed_at_start", footprint.replayedBytes(), "bytes");
            }
            report.note(String.format(Locale.ROOT, "%d shops; %d warm-up orders, then %d x %d orders at %.1f/s "
                    + "(UNPAID webhook, ON_HOLD 300 ms and AWAITING_SHIPMENT 800 ms later), each waited for until "
                    + "its fulfilment execution closed, then 3 s for the events to settle; heap = used heap after "
                    + "System.gc() (run with -XX:+UseParallelGC, a full collection); per order = least-squares slope "
                    + "over the samples after the warm-up; start = LocalRuntime.start on the folder (Dynoxide, "
                    + "ElasticMQ, template, engine recovery)", SHOPS, WARMUP, STEPS, ORDERS / STEPS, RATE));
        }
    }

    private static void footprint(BenchReport report, StepFunctionsEngine engine, Path dir) throws IOException {
        StepFunctionsEngine.Footprint footprint = engine.footprint();
        report.figure("executions_in_memory_end", footprint.executionsInMemory(), "executions");
        report.figure("archived_executions_end", footprint.archivedExecutions(), "executions");
        report.figure("archive_bytes_per_execution", (double) size(dir.resolve("stepfunctions").resolve("executions"))
                / Math.max(1, footprint.archivedExecutions()), "bytes");
    }

    /** The least-squares slope of a measure over the samples' order counts: its growth per order. */
    private static double slope(List<Sample> samples, java.util.function.ToLongFunction<Sample> measure) {
        double meanX = samples.stream().mapToLong(Sample::orders).average().orElse(0);
        double meanY = samples.stream().mapToLong(measure).average().orElse(0);
        double covariance = 0;
        double variance = 0;
        for (Sample sample : samples) {
            covariance += (sample.orders - meanX) * (measure.applyAsLong(sample) - meanY);
            variance += (sample.orders - meanX) * (sample.orders - meanX);
        }
        return variance == 0 ? 0 : covariance / variance;
    }

    /** Heap after a full collection and disk use after a number of orders (past the warm-up). */
    private record Sample(long orders, long heap, long stepFunctionsBytes, long dataBytes) {
    }

    private static Sample sample(Path dir, long orders) throws IOException, InterruptedException {
        Thread.sleep(3_000);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Sample(orders, heap, size(dir.resolve("stepfunctions")), size(dir));
    }

    private static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** Sends orders at the rate (UNPAID, ON_HOLD, AWAITING_SHIPMENT) and waits until each one's execution closed. */
    private static void runOrders(TikTokShopSimulator tiktok, StepFunctionsEngine engine, String executionPrefix,
                                  List<String> shops, int count) throws InterruptedException {
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        List<String> ids = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < count; i++) {
                long wait = start + (long) (i * 1e9 / RATE) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String id = tiktok.createOrder(shops.get(i % shops.size()));
                ids.add(id);
                later.schedule(() -> tiktok.setStatus(id, TikTokOrderStatus.ON_HOLD), 300, TimeUnit.MILLISECONDS);
                later.schedule(() -> tiktok.setStatus(id, TikTokOrderStatus.AWAITING_SHIPMENT), 800,
                        TimeUnit.MILLISECONDS);
            }
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!ids.isEmpty() && System.nanoTime() < deadline) {
                ids.removeIf(id -> {
                    try {
                        return engine.describeExecution(executionPrefix + id).status().closed();
                    } catch (SfnException notStartedYet) {
                        return false;
                    }
                });
                Thread.sleep(200);
            }
            if (!ids.isEmpty()) {
                throw new IllegalStateException(ids.size() + " orders did not finish within " + PATIENCE);
            }
        } finally {
            later.shutdown();
        }
    }

    /** The classes holding most of the live heap (a class histogram through the DiagnosticCommand MBean). */
    private static void histogram(BenchReport report) throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        text.lines().limit(40).forEach(report::note);
    }
}
