package com.creatorflow.local.sfn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.local.sfn.TestFunctions;
import com.creatorflow.local.sfn.engine.ExecutionStatus;
import com.creatorflow.local.sfn.engine.ExecutionView;
import com.creatorflow.local.sfn.engine.HistoryEvent;
import com.creatorflow.local.sfn.engine.PoolScheduler;
import com.creatorflow.local.sfn.engine.SfnException;
import com.creatorflow.local.sfn.engine.StepFunctionsEngine;
import com.creatorflow.local.sfn.engine.VirtualScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finished executions do not accumulate: they move to the archive (out of the heap and out of the journal), the
 * journal is compacted so a restart reads what runs rather than what finished, and closed executions disappear after
 * their retention period or beyond the count, as AWS answers after its retention: {@code ExecutionDoesNotExist}.
 */
class ExecutionRetentionIT {
    private static final String SHORT = """
            {"StartAt":"Echo","States":{
              "Echo":{"Type":"Task","Resource":"%sEcho","ResultPath":"$.echo","Next":"Shape"},
              "Shape":{"Type":"Pass","Parameters":{"id.$":"$.id","echo.$":"$.echo"},"Next":"Done"},
              "Done":{"Type":"Succeed"}}}
            """.formatted(TestFunctions.ARN);
    private static final String APPROVAL = """
            {"StartAt":"Approve","States":{"Approve":{"Type":"Task",
              "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
              "Parameters":{"FunctionName":"Echo","Payload":{"token.$":"$$.Task.Token"}},"End":true}}}
            """;
    private static final String PADDING = "x".repeat(400);
    private static final long DAY = Duration.ofDays(1).toMillis();

    /** An engine on virtual time (the clock of retention), keeping closed executions 7 days and at most {@code max}. */
    private static StepFunctionsEngine onVirtualTime(VirtualScheduler clock, Path folder, int max) {
        return StepFunctionsEngine.builder().scheduler(clock).dataDirectory(folder)
                .retention(new Retention(Duration.ofDays(7), max)).lambda(new TestFunctions(clock)).build();
    }

    private static StepFunctionsEngine durable(Path folder, long compactionBytes) {
        PoolScheduler scheduler = new PoolScheduler(2, 1.0);
        return StepFunctionsEngine.builder().scheduler(scheduler).dataDirectory(folder)
                .compactionBytes(compactionBytes).lambda(new TestFunctions(scheduler)).build();
    }

    @Test
    void twoThousandFinishedExecutionsLeaveTheHeapTheJournalAndTheRestartBounded(@TempDir Path dir)
            throws Exception {
        Path folder = dir.resolve("stepfunctions");
        long compactionBytes = 256 * 1024;
        String machine;
        Set<String> tokens;
        String first;
        try (StepFunctionsEngine engine = durable(folder, compactionBytes)) {
            machine = engine.createStateMachine("Short", SHORT, null, null).arn();
            String approval = engine.createStateMachine("Approval", APPROVAL, null, null).arn();
            for (int i = 0; i < 3; i++) {
                engine.startExecution(approval, "waits-" + i, "{}");
            }
            first = runShort(engine, machine, 0, 1_000);
            runShort(engine, machine, 1_000, 2_000);
            await(() -> engine.footprint().executionsInMemory() == 3, "finished executions leave the heap");
            tokens = Set.copyOf(engine.waitingTaskTokens());
            assertThat(tokens).hasSize(3);

            StepFunctionsEngine.Footprint footprint = engine.footprint();
            assertThat(footprint.archivedExecutions()).isEqualTo(2_000);
            assertThat(footprint.recentViewsInMemory()).isLessThanOrEqualTo(256);
            assertThat(footprint.compactions()).as("compactions while running").isGreaterThan(1);
            await(() -> journalBytesUnchecked(folder) < 3 * compactionBytes,
                    "compaction, which runs beside the executions, keeps the journal on disk under three times its "
                            + "threshold");
            assertThat(engine.listExecutions(machine, ExecutionStatus.SUCCEEDED)).hasSize(2_000);
        }
        long emptyReplay;
        try (StepFunctionsEngine empty = durable(dir.resolve("empty"), compactionBytes)) {
            empty.createStateMachine("Short", SHORT, null, null);
            empty.createStateMachine("Approval", APPROVAL, null, null);
        }
        try (StepFunctionsEngine empty = durable(dir.resolve("empty"), compactionBytes)) {
            emptyReplay = empty.footprint().replayedRecords();
        }

        try (StepFunctionsEngine restarted = durable(folder, compactionBytes)) {
            StepFunctionsEngine.Footprint footprint = restarted.footprint();
            assertThat(footprint.replayedRecords()).as("records read at start")
                    .isLessThanOrEqualTo(emptyReplay + 3 * 8);
            assertThat(footprint.replayedBytes()).isLessThan(16 * 1024);
            assertThat(footprint.resumedAtStart()).isEqualTo(3);
            assertThat(footprint.executionsInMemory()).isEqualTo(3);
            assertThat(restarted.waitingTaskTokens()).containsExactlyInAnyOrderElementsOf(tokens);

            ExecutionView oldest = restarted.describeExecution(first);
            assertThat(oldest.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(oldest.output()).contains("\"id\":0");
            assertThat(restarted.history(first)).extracting(HistoryEvent::type)
                    .startsWith("ExecutionStarted").endsWith("ExecutionSucceeded");
            assertThat(restarted.listExecutions(machine, null)).hasSize(2_000);
            for (String token : tokens) {
                restarted.sendTaskSuccess(token, "{\"approved\":true}");
            }
            await(() -> restarted.footprint().executionsInMemory() == 0, "approved executions are archived");
        }
    }

    /** Runs short executions, 50 at a time; returns the first one's ARN. */
    private static String runShort(StepFunctionsEngine engine, String machine, int from, int to) {
        String first = null;
        List<String> inFlight = new ArrayList<>();
        for (int i = from; i < to; i++) {
            inFlight.add(engine.startExecution(machine, "short-" + i, "{\"id\":" + i + ",\"pad\":\"" + PADDING
                    + "\"}").executionArn());
            first = first == null ? inFlight.get(0) : first;
            if (inFlight.size() == 50 || i == to - 1) {
                for (String arn : inFlight) {
                    assertThat(engine.awaitCompletion(arn, Duration.ofSeconds(30)).status())
                            .isEqualTo(ExecutionStatus.SUCCEEDED);
                }
                inFlight.clear();
            }
        }
        return first;
    }

    @Test
    void closedExecutionsAreGoneAfterTheRetentionPeriod(@TempDir Path dir) throws Exception {
        VirtualScheduler clock = new VirtualScheduler(1_000 * DAY);
        Path folder = dir.resolve("stepfunctions");
        try (StepFunctionsEngine engine = onVirtualTime(clock, folder, 10_000)) {
            String machine = engine.createStateMachine("Short", SHORT, null, null).arn();
            String old = engine.startExecution(machine, "old", "{\"id\":1}").executionArn();
            clock.runUntilIdle();
            assertThat(engine.footprint().executionsInMemory()).isZero();

            clock.runUntil(clock.now() + 6 * DAY);
            assertThat(engine.describeExecution(old).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThatThrownBy(() -> engine.startExecution(machine, "old", "{\"id\":1}"))
                    .isInstanceOfSatisfying(SfnException.class,
                            e -> assertThat(e.code()).isEqualTo("ExecutionAlreadyExists"));

            clock.runUntil(clock.now() + 2 * DAY);
            assertDoesNotExist(() -> engine.describeExecution(old));
            assertDoesNotExist(() -> engine.history(old));
            assertDoesNotExist(() -> engine.redriveExecution(old));
            assertThat(engine.listExecutions(machine, null)).isEmpty();

            String newer = engine.startExecution(machine, "new", "{\"id\":2}").executionArn();
            clock.runUntilIdle();
            assertThat(archivedFiles(folder)).as("the expired one is deleted when the next one is archived")
                    .hasSize(1);
            assertThat(engine.listExecutions(machine, null)).extracting(ExecutionView::executionArn)
                    .containsExactly(newer);
            String reused = engine.startExecution(machine, "old", "{\"id\":3}").executionArn();
            clock.runUntilIdle();
            assertThat(engine.describeExecution(reused).input()).isEqualTo("{\"id\":3}");
        }
    }

    @Test
    void onlyTheNewestClosedExecutionsAreKeptBeyondTheCount(@TempDir Path dir) throws Exception {
        VirtualScheduler clock = new VirtualScheduler(1_000 * DAY);
        Path folder = dir.resolve("stepfunctions");
        try (StepFunctionsEngine engine = onVirtualTime(clock, folder, 100)) {
            String machine = engine.createStateMachine("Short", SHORT, null, null).arn();
            for (int i = 0; i < 300; i++) {
                engine.startExecution(machine, "e-" + i, "{\"id\":" + i + "}");
                clock.runUntil(clock.now() + 1000);
            }
            clock.runUntilIdle();
            List<ExecutionView> kept = engine.listExecutions(machine, null);
            assertThat(kept).hasSizeBetween(100, 110);
            assertThat(kept.get(0).name()).isEqualTo("e-299");
            assertThat(archivedFiles(folder)).hasSize(kept.size());
            assertDoesNotExist(() -> engine.describeExecution(machine.replace(":stateMachine:", ":execution:")
                    + ":e-0"));
        }
    }

    @Test
    void theInMemoryEngineKeepsAtMostTheCount() {
        VirtualScheduler clock = new VirtualScheduler(1_000 * DAY);
        try (StepFunctionsEngine engine = onVirtualTime(clock, null, 50)) {
            String machine = engine.createStateMachine("Short", SHORT, null, null).arn();
            for (int i = 0; i < 200; i++) {
                engine.startExecution(machine, "e-" + i, "{\"id\":" + i + "}");
                clock.runUntilIdle();
            }
            assertThat(engine.footprint().archivedExecutions()).isEqualTo(50);
            assertThat(engine.footprint().executionsInMemory()).isZero();
            assertThat(engine.listExecutions(machine, null)).hasSize(50);
        }
    }

    @Test
    void anArchivedFailedExecutionIsRedrivenAndItsNameStaysTaken(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("stepfunctions");
        String execution;
        String machine;
        try (StepFunctionsEngine engine = durable(folder, 1 << 20)) {
            machine = engine.createStateMachine("Approval", APPROVAL, null, null).arn();
            execution = engine.startExecution(machine, "x", "{\"order\":1}").executionArn();
            await(() -> !engine.waitingTaskTokens().isEmpty(), "a token");
            engine.sendTaskFailure(engine.waitingTaskTokens().iterator().next(), "Rejected", "try again later");
            await(() -> engine.footprint().executionsInMemory() == 0, "the failed execution is archived");
            assertThat(engine.describeExecution(execution).status()).isEqualTo(ExecutionStatus.FAILED);
            assertThatThrownBy(() -> engine.startExecution(machine, "x", "{\"order\":1}"))
                    .isInstanceOfSatisfying(SfnException.class,
                            e -> assertThat(e.code()).isEqualTo("ExecutionAlreadyExists"));

            ExecutionView redriven = engine.redriveExecution(execution);
            assertThat(redriven.status()).isEqualTo(ExecutionStatus.RUNNING);
            assertThat(redriven.redriveCount()).isEqualTo(1);
            assertThat(engine.footprint().archivedExecutions()).isZero();
            assertThatThrownBy(() -> engine.redriveExecution(execution))
                    .isInstanceOfSatisfying(SfnException.class,
                            e -> assertThat(e.code()).isEqualTo("ExecutionNotRedrivable"));
        }
        try (StepFunctionsEngine restarted = durable(folder, 1 << 20)) {
            assertThat(restarted.describeExecution(execution).status()).isEqualTo(ExecutionStatus.RUNNING);
            restarted.sendTaskSuccess(restarted.waitingTaskTokens().iterator().next(), "{\"second\":true}");
            ExecutionView done = restarted.awaitCompletion(execution, Duration.ofSeconds(10));
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.redriveCount()).isEqualTo(1);
            assertThat(restarted.history(execution)).extracting(HistoryEvent::type)
                    .contains("ExecutionFailed", "ExecutionRedriven").endsWith("ExecutionSucceeded");
        }
    }

    private static void assertDoesNotExist(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(SfnException.class,
                e -> assertThat(e.code()).isEqualTo("ExecutionDoesNotExist"));
    }

    private static long journalBytes(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".ndjson")).mapToLong(f -> f.toFile()
                    .length()).sum();
        }
    }

    private static long journalBytesUnchecked(Path folder) {
        try {
            return journalBytes(folder);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<Path> archivedFiles(Path folder) throws Exception {
        try (Stream<Path> files = Files.walk(folder.resolve("executions"))) {
            return new HashSet<>(files.filter(f -> f.toString().endsWith(".ndjson.gz")).toList());
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(10);
        }
    }
}
