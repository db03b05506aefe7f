package com.creatorflow.bench;

import com.creatorflow.local.sfn.engine.ExecutionStatus;
import com.creatorflow.local.sfn.engine.PoolScheduler;
import com.creatorflow.local.sfn.engine.StepFunctionsEngine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * What finished executions cost the local Step Functions engine on a durable folder: executions of the 10-state
 * workflow of {@link StepFunctionsBenchmark} (with an order-sized input) run in rounds; after each round the engine
 * restarts on the same folder, and the folder's size, the start time and the heap after a full GC are printed, so
 * their growth with the number of finished executions shows.
 */
public final class StepFunctionsGrowthBenchmark implements Benchmark {
    private static final int ROUNDS = Integer.getInteger("sfngrowth.rounds", 4);
    private static final int PER_ROUND = Integer.getInteger("sfngrowth.executions", 5_000);
    private static final int IN_FLIGHT = 500;
    private static final String INPUT = "{\"orderId\":\"o-1\",\"total\":1200,\"items\":[1,2,3],\"order\":"
            + "{\"lines\":[" + "{\"sku\":\"TEE-BLK-M\",\"name\":\"Black tee, medium\",\"units\":1,\"price\":1999},"
            .repeat(8) + "{}],\"shipTo\":{\"name\":\"A. Buyer\",\"line1\":\"1 Main Street\",\"city\":\"Springfield\","
            + "\"postalCode\":\"12345\",\"country\":\"US\"}}}";

    @Override
    public String name() {
        return "stepfunctions-growth";
    }

    @Override
    public String description() {
        return "local Step Functions engine on a durable folder: disk per execution, start time and heap after N "
                + "finished executions";
    }

    @Override
    public void run(BenchReport report) throws Exception {
        Path dir = Files.createTempDirectory("bench-sfn-growth");
        long emptyStart = System.nanoTime();
        start(dir.resolve("empty")).close();
        report.figure("start_empty_folder", (System.nanoTime() - emptyStart) / 1e6, "ms");
        Path folder = dir.resolve("engine");
        int finished = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            long began = System.nanoTime();
            try (StepFunctionsEngine engine = start(folder)) {
                double startMillis = (System.nanoTime() - began) / 1e6;
                String machine = engine.createStateMachine("Growth", StepFunctionsBenchmark.WORKFLOW, null, null)
                        .arn();
                report.figure("start_after_" + finished, startMillis, "ms");
                runExecutions(engine, machine, round);
                finished += PER_ROUND;
                long heap = heapAfterGc();
                long bytes = size(folder);
                long archive = size(folder.resolve("executions"));
                StepFunctionsEngine.Footprint footprint = engine.footprint();
                report.figure("disk_after_" + finished, bytes / 1e6, "MB");
                report.figure("disk_per_execution_after_" + finished, (double) bytes / finished, "bytes");
                report.figure("journal_disk_after_" + finished, (bytes - archive) / 1e6, "MB");
                report.figure("archive_bytes_per_kept_execution_after_" + finished,
                        (double) archive / Math.max(1, footprint.archivedExecutions()), "bytes");
                report.figure("heap_after_gc_after_" + finished, heap / 1e6, "MB");
                report.figure("executions_in_memory_after_" + finished, footprint.executionsInMemory(),
                        "executions");
            }
        }
        long began = System.nanoTime();
        try (StepFunctionsEngine engine = start(folder)) {
            report.figure("start_after_" + finished, (System.nanoTime() - began) / 1e6, "ms");
            StepFunctionsEngine.Footprint footprint = engine.footprint();
            report.figure("journal_bytes_replayed_at_start", footprint.replayedBytes(), "bytes");
            report.figure("journal_records_replayed_at_start", footprint.replayedRecords(), "records");
        }
        report.note(ROUNDS + " rounds of " + PER_ROUND + " executions (" + IN_FLIGHT + " in flight), each round on "
                + "a restarted engine; input " + INPUT.length() + " bytes; disk = the engine's folder; heap = used "
                + "heap after System.gc() with the engine open");
    }

    private static StepFunctionsEngine start(Path folder) throws IOException {
        Files.createDirectories(folder);
        return StepFunctionsEngine.builder()
                .scheduler(new PoolScheduler(Math.max(2, Runtime.getRuntime().availableProcessors()), 1.0))
                .dataDirectory(folder)
                .lambda((function, payload) -> CompletableFuture.completedFuture(payload))
                .build();
    }

    private static void runExecutions(StepFunctionsEngine engine, String machine, int round) {
        List<String> inFlight = new ArrayList<>();
        for (int i = 0; i < PER_ROUND; i++) {
            inFlight.add(engine.startExecution(machine, "r" + round + "-" + i, INPUT).executionArn());
            if (inFlight.size() == IN_FLIGHT || i == PER_ROUND - 1) {
                for (String arn : inFlight) {
                    if (engine.awaitCompletion(arn, Duration.ofMinutes(5)).status() != ExecutionStatus.SUCCEEDED) {
                        throw new IllegalStateException(arn + " did not succeed");
                    }
                }
                inFlight.clear();
            }
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long size(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
