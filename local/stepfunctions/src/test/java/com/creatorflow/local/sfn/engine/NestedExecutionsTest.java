package com.creatorflow.local.sfn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code states:startExecution.sync} and {@code .sync:2}: the parent waits for the nested execution, not a thread. */
class NestedExecutionsTest {
    private static final String CHILD_OK = """
            {"StartAt": "Answer", "States": {"Answer": {"Type": "Pass",
              "Parameters": {"decision": "APPROVE", "for.$": "$.orderId"}, "End": true}}}""";
    private static final String CHILD_WAITS_THEN_FAILS = """
            {"StartAt": "Later", "States": {
              "Later": {"Type": "Wait", "Seconds": 3600, "Next": "Boom"},
              "Boom": {"Type": "Fail", "Error": "ReviewUnavailable", "Cause": "nobody home"}}}""";

    private static String parent(String resource, String childArn, String name) {
        return """
                {"StartAt": "Ask", "States": {"Ask": {"Type": "Task", "Resource": "%s",
                  "Parameters": {"StateMachineArn": "%s", %s "Input": {"orderId.$": "$.orderId"}},
                  "ResultPath": "$.review",
                  "Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.error", "Next": "Caught"}],
                  "End": true},
                  "Caught": {"Type": "Pass", "End": true}}}""".formatted(resource, childArn,
                name == null ? "" : "\"Name.$\": \"States.Format('{}-review', $.orderId)\",");
    }

    @Test
    void sync2WaitsForTheChildAndParsesItsOutput() {
        VirtualScheduler scheduler = new VirtualScheduler(0);
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder().scheduler(scheduler).build()) {
            String child = engine.createStateMachine("Child", CHILD_OK, null, null).arn();
            String parentArn = engine.createStateMachine("Parent",
                    parent("arn:aws:states:::states:startExecution.sync:2", child, "named"), null, null).arn();
            String run = engine.startExecution(parentArn, "p1", "{\"orderId\":\"o-1\"}").executionArn();
            scheduler.runUntilIdle();
            ExecutionView done = engine.describeExecution(run);
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            JsonNode review = JsonValues.parse(done.output()).get("review");
            assertThat(review.at("/Output/decision").asText()).isEqualTo("APPROVE");
            assertThat(review.at("/Output/for").asText()).isEqualTo("o-1");
            assertThat(review.get("Status").asText()).isEqualTo("SUCCEEDED");
            assertThat(review.get("Name").asText()).isEqualTo("o-1-review");
        }
    }

    @Test
    void syncGivesTheOutputAsText() {
        VirtualScheduler scheduler = new VirtualScheduler(0);
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder().scheduler(scheduler).build()) {
            String child = engine.createStateMachine("Child", CHILD_OK, null, null).arn();
            String parentArn = engine.createStateMachine("Parent",
                    parent("arn:aws:states:::states:startExecution.sync", child, null), null, null).arn();
            String run = engine.startExecution(parentArn, "p1", "{\"orderId\":\"o-2\"}").executionArn();
            scheduler.runUntilIdle();
            JsonNode review = JsonValues.parse(engine.describeExecution(run).output()).get("review");
            assertThat(review.get("Output").isTextual()).isTrue();
            assertThat(JsonValues.parse(review.get("Output").asText()).get("decision").asText()).isEqualTo("APPROVE");
        }
    }

    @Test
    void aFailedChildFailsTheTaskWithTaskFailedAndItsViewAsCause() {
        VirtualScheduler scheduler = new VirtualScheduler(0);
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder().scheduler(scheduler).build()) {
            String child = engine.createStateMachine("Child", CHILD_WAITS_THEN_FAILS, null, null).arn();
            String parentArn = engine.createStateMachine("Parent",
                    parent("arn:aws:states:::states:startExecution.sync:2", child, "named"), null, null).arn();
            String run = engine.startExecution(parentArn, "p1", "{\"orderId\":\"o-3\"}").executionArn();
            scheduler.runUntil(60_000);
            assertThat(engine.describeExecution(run).status()).isEqualTo(ExecutionStatus.RUNNING);
            scheduler.runUntilIdle();
            JsonNode error = JsonValues.parse(engine.describeExecution(run).output()).get("error");
            assertThat(error.get("Error").asText()).isEqualTo("States.TaskFailed");
            JsonNode cause = JsonValues.parse(error.get("Cause").asText());
            assertThat(cause.get("Status").asText()).isEqualTo("FAILED");
            assertThat(cause.get("Error").asText()).isEqualTo("ReviewUnavailable");
        }
    }

    @Test
    void aRetriedParentTaskAttachesToTheSameNamedChild() {
        VirtualScheduler scheduler = new VirtualScheduler(0);
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder().scheduler(scheduler).build()) {
            String child = engine.createStateMachine("Child", CHILD_OK, null, null).arn();
            ExecutionView first = engine.startOrAttach(child, "o-4-review", "{\"orderId\":\"o-4\"}");
            scheduler.runUntilIdle();
            ExecutionView again = engine.startOrAttach(child, "o-4-review", "{\"orderId\":\"o-4\"}");
            assertThat(again.executionArn()).isEqualTo(first.executionArn());
            assertThat(again.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(engine.listExecutions(child, null)).hasSize(1);
        }
    }

    @Test
    void aStandardParentRunsAnExpressChildWithSync2AndAttachesToItWhenRetried() {
        VirtualScheduler scheduler = new VirtualScheduler(0);
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder().scheduler(scheduler).build()) {
            String child = engine.createStateMachine("Straight", CHILD_OK, null, "EXPRESS").arn();
            String parentArn = engine.createStateMachine("Parent",
                    parent("arn:aws:states:::states:startExecution.sync:2", child, "named"), null, "STANDARD").arn();
            String run = engine.startExecution(parentArn, "p1", "{\"orderId\":\"o-5\"}").executionArn();
            scheduler.runUntilIdle();
            JsonNode review = JsonValues.parse(engine.describeExecution(run).output()).get("review");
            assertThat(review.get("ExecutionArn").asText()).contains(":express:Straight:o-5-review");
            assertThat(review.at("/Output/decision").asText()).isEqualTo("APPROVE");
            ExecutionView again = engine.startOrAttach(child, "o-5-review", "{\"orderId\":\"o-5\"}");
            assertThat(again.executionArn()).isEqualTo(review.get("ExecutionArn").asText());
            assertThat(engine.listExecutions(child, null)).hasSize(1);
        }
    }
}
