package com.creatorflow.local.sfn.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.sfn.TestFunctions;
import com.creatorflow.local.sfn.engine.ExecutionStatus;
import com.creatorflow.local.sfn.engine.ExecutionView;
import com.creatorflow.local.sfn.engine.HistoryEvent;
import com.creatorflow.local.sfn.engine.PoolScheduler;
import com.creatorflow.local.sfn.engine.StepFunctionsEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Executions survive a restart of the engine on the same journal: waiting tokens stay valid, waits resume. */
class JournalRecoveryIT {
    private static final String APPROVAL = """
            {"StartAt":"Prepare","States":{
              "Prepare":{"Type":"Task","Resource":"%sEcho","ResultPath":"$.prepared","Next":"Both"},
              "Both":{"Type":"Parallel","Next":"Done","Branches":[
                {"StartAt":"Quick","States":{"Quick":{"Type":"Pass","Result":"quick","End":true}}},
                {"StartAt":"Approve","States":{"Approve":{"Type":"Task",
                  "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters":{"FunctionName":"Echo","Payload":{"token.$":"$$.Task.Token"}},"End":true}}}]},
              "Done":{"Type":"Pass","End":true}}}
            """.formatted(TestFunctions.ARN);
    private static final String WAITER = """
            {"StartAt":"Wait","States":{"Wait":{"Type":"Wait","Seconds":2,"Next":"After"},
              "After":{"Type":"Pass","Result":"woke up","End":true}}}
            """;

    private static StepFunctionsEngine engine(Path folder, PoolScheduler scheduler) {
        return StepFunctionsEngine.builder().scheduler(scheduler).dataDirectory(folder)
                .lambda(new TestFunctions(scheduler)).build();
    }

    @Test
    void aRestartResumesRunningExecutionsAndKeepsTokensValid(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("stepfunctions");
        StepFunctionsEngine first = engine(journal, new PoolScheduler(2, 1.0));
        String approval = first.createStateMachine("Approval", APPROVAL, null, null).arn();
        String waiter = first.createStateMachine("Waiter", WAITER, null, null).arn();
        String finished = first.startExecution(approval, "finished-before", "{\"order\":0}").executionArn();
        first.sendTaskSuccess(awaitToken(first, Set.of()), "{\"ok\":0}");
        ExecutionView finishedView = first.awaitCompletion(finished, Duration.ofSeconds(10));
        assertThat(finishedView.status()).as(finishedView.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);

        String waiting = first.startExecution(approval, "waits-for-approval", "{\"order\":1}").executionArn();
        String token = awaitToken(first, Set.of());
        String sleeping = first.startExecution(waiter, "sleeps", "{}").executionArn();
        first.close();

        StepFunctionsEngine second = engine(journal, new PoolScheduler(2, 1.0));
        try {
            assertThat(second.listStateMachines()).hasSize(2);
            assertThat(second.describeExecution(finished).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(second.history(finished)).isNotEmpty();
            assertThat(second.describeExecution(waiting).status()).isEqualTo(ExecutionStatus.RUNNING);
            assertThat(second.history(waiting)).extracting(HistoryEvent::type)
                    .startsWith("ExecutionStarted").contains("ParallelStateStarted", "TaskScheduled");
            assertThat(second.waitingTaskTokens()).contains(token);

            second.sendTaskSuccess(token, "{\"approved\":true}");
            ExecutionView approved = second.awaitCompletion(waiting, Duration.ofSeconds(10));
            assertThat(approved.status()).as(approved.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(approved.output()).isEqualTo("[\"quick\",{\"approved\":true}]");
            List<HistoryEvent> history = second.history(waiting);
            for (int i = 0; i < history.size(); i++) {
                assertThat(history.get(i).id()).isEqualTo(i + 1);
            }

            ExecutionView woke = second.awaitCompletion(sleeping, Duration.ofSeconds(10));
            assertThat(woke.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(woke.output()).isEqualTo("\"woke up\"");
            assertThat(woke.stopDate() - woke.startDate()).isGreaterThanOrEqualTo(2000);
        } finally {
            second.close();
        }
        try (Stream<Path> files = Files.list(journal)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".ndjson"))).as("one journal segment")
                    .hasSize(1);
        }

        try (StepFunctionsEngine third = engine(journal, new PoolScheduler(2, 1.0))) {
            assertThat(third.describeExecution(waiting).output()).isEqualTo("[\"quick\",{\"approved\":true}]");
            assertThat(third.listExecutions(approval, null)).hasSize(2);
        }
    }

    @Test
    void aFailedExecutionCanBeRedrivenAfterARestart(@TempDir Path dir) {
        Path journal = dir.resolve("stepfunctions");
        String definition = """
                {"StartAt":"Approve","States":{"Approve":{"Type":"Task",
                  "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                  "Parameters":{"FunctionName":"Echo","Payload":{"token.$":"$$.Task.Token"}},"End":true}}}
                """;
        String execution;
        try (StepFunctionsEngine first = engine(journal, new PoolScheduler(2, 1.0))) {
            String machine = first.createStateMachine("Redrive", definition, null, null).arn();
            execution = first.startExecution(machine, "x", "{}").executionArn();
            first.sendTaskFailure(awaitToken(first, Set.of()), "Rejected", "try again later");
            assertThat(first.awaitCompletion(execution, Duration.ofSeconds(10)).status())
                    .isEqualTo(ExecutionStatus.FAILED);
        }
        try (StepFunctionsEngine second = engine(journal, new PoolScheduler(2, 1.0))) {
            second.redriveExecution(execution);
            second.sendTaskSuccess(awaitToken(second, Set.of()), "{\"second\":true}");
            ExecutionView done = second.awaitCompletion(execution, Duration.ofSeconds(10));
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.redriveCount()).isEqualTo(1);
        }
    }

    @Test
    void workflowVariablesSurviveARestart(@TempDir Path dir) {
        String definition = """
                {"QueryLanguage":"JSONata","StartAt":"Remember","States":{
                  "Remember":{"Type":"Pass","Assign":{"customer":"{% $states.input.name %}"},"Output":{},"Next":"Ask"},
                  "Ask":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Arguments":{"FunctionName":"Echo","Payload":{"token":"{% $states.context.Task.Token %}"}},
                    "Output":{"customer":"{% $customer %}","answer":"{% $states.result %}"},"End":true}}}
                """;
        Path journal = dir.resolve("stepfunctions");
        StepFunctionsEngine first = engine(journal, new PoolScheduler(2, 1.0));
        String machine = first.createStateMachine("Remembers", definition, null, null).arn();
        String execution = first.startExecution(machine, "remembers", "{\"name\":\"Ana\"}").executionArn();
        String token = awaitToken(first, Set.of());
        first.close();

        try (StepFunctionsEngine second = engine(journal, new PoolScheduler(2, 1.0))) {
            second.sendTaskSuccess(token, "true");
            ExecutionView done = second.awaitCompletion(execution, Duration.ofSeconds(10));
            assertThat(done.status()).as(done.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.output()).isEqualTo("{\"customer\":\"Ana\",\"answer\":true}");
        }
    }

    private static String awaitToken(StepFunctionsEngine engine, Set<String> known) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (String token : engine.waitingTaskTokens()) {
                if (!known.contains(token)) {
                    return token;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no task token appeared");
    }
}
