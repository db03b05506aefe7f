package com.creatorflow.local.sfn.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.local.sfn.TestFunctions;
import com.creatorflow.local.sfn.engine.LambdaFailure;
import com.creatorflow.local.sfn.engine.PoolScheduler;
import com.creatorflow.local.sfn.engine.StepFunctionsEngine;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;
import software.amazon.awssdk.services.sfn.model.ListExecutionsResponse;
import software.amazon.awssdk.services.sfn.model.StartSyncExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineType;
import software.amazon.awssdk.services.sfn.model.StateMachineTypeNotSupportedException;
import software.amazon.awssdk.services.sfn.model.SyncExecutionStatus;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;
import software.amazon.awssdk.services.sfn.model.ValidateStateMachineDefinitionResultCode;

/** The AWS SDK's SfnClient works unchanged against the engine's HTTP endpoint. */
class SfnApiIT {
    private static final AtomicBoolean FIXED = new AtomicBoolean();
    private static StepFunctionsEngine engine;
    private static SfnHttpServer server;
    private static SfnClient sfn;

    @BeforeAll
    static void start() {
        PoolScheduler scheduler = new PoolScheduler(4, 0.001);
        TestFunctions functions = new TestFunctions(scheduler);
        engine = StepFunctionsEngine.builder().scheduler(scheduler).lambda((function, payload) ->
                function.endsWith(":Flaky") ? (FIXED.get() ? CompletableFuture.completedFuture(payload)
                        : CompletableFuture.failedFuture(new LambdaFailure("com.example.CarrierDown", "carrier down",
                        List.of(), false))) : functions.invoke(function, payload)).build();
        server = SfnHttpServer.start(engine, 0, 4);
        sfn = client(server.endpoint());
    }

    static SfnClient client(URI endpoint) {
        return SfnClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(c -> c.putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION,
                        true))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        sfn.close();
        server.close();
        engine.close();
    }

    private static String machine(String definition) {
        return sfn.createStateMachine(r -> r.name("m-" + UUID.randomUUID()).definition(definition)
                .roleArn("arn:aws:iam::000000000000:role/sfn")).stateMachineArn();
    }

    private static DescribeExecutionResponse await(String executionArn) {
        engine.awaitCompletion(executionArn, Duration.ofSeconds(20));
        return sfn.describeExecution(r -> r.executionArn(executionArn));
    }

    @Test
    void createsListsDescribesStartsAndFetchesHistory() {
        String definition = """
                {"StartAt":"Add","States":{"Add":{"Type":"Task","Resource":"%sAdd","ResultPath":"$.sum","End":true}}}
                """.formatted(TestFunctions.ARN);
        String arn = machine(definition);
        assertThat(sfn.listStateMachines().stateMachines()).anyMatch(m -> m.stateMachineArn().equals(arn));
        assertThat(sfn.describeStateMachine(r -> r.stateMachineArn(arn)).definition()).isEqualTo(definition);

        String executionArn = sfn.startExecution(r -> r.stateMachineArn(arn).name("first")
                .input("{\"a\":2,\"b\":3}")).executionArn();
        DescribeExecutionResponse done = await(executionArn);
        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(done.output()).isEqualTo("{\"a\":2,\"b\":3,\"sum\":5}");
        assertThat(done.name()).isEqualTo("first");
        assertThat(done.stopDate()).isNotNull();

        List<HistoryEvent> events = sfn.getExecutionHistory(r -> r.executionArn(executionArn)).events();
        assertThat(events).extracting(HistoryEvent::type).containsExactly(HistoryEventType.EXECUTION_STARTED,
                HistoryEventType.TASK_STATE_ENTERED, HistoryEventType.LAMBDA_FUNCTION_SCHEDULED,
                HistoryEventType.LAMBDA_FUNCTION_STARTED, HistoryEventType.LAMBDA_FUNCTION_SUCCEEDED,
                HistoryEventType.TASK_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(events).extracting(HistoryEvent::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(events.get(2).previousEventId()).isEqualTo(2L);
        assertThat(events.get(2).lambdaFunctionScheduledEventDetails().resource()).endsWith(":function:Add");
        assertThat(events.get(6).executionSucceededEventDetails().output()).contains("\"sum\":5");
        assertThat(events.get(0).executionStartedEventDetails().input()).isEqualTo("{\"a\":2,\"b\":3}");
    }

    @Test
    void listsExecutionsByStatusPageByPage() {
        String arn = machine("{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Task\",\"Resource\":"
                + "\"arn:aws:states:::lambda:invoke.waitForTaskToken\",\"Parameters\":{\"FunctionName\":\"Echo\","
                + "\"Payload\":{\"t.$\":\"$$.Task.Token\"}},\"End\":true}}}");
        for (int i = 0; i < 5; i++) {
            int n = i;
            sfn.startExecution(r -> r.stateMachineArn(arn).name("e" + n));
        }
        String stopped = sfn.listExecutions(r -> r.stateMachineArn(arn)).executions().get(0).executionArn();
        sfn.stopExecution(r -> r.executionArn(stopped).error("Ops").cause("stopped by a test"));

        ListExecutionsResponse firstPage = sfn.listExecutions(r -> r.stateMachineArn(arn)
                .statusFilter(ExecutionStatus.RUNNING).maxResults(3));
        assertThat(firstPage.executions()).hasSize(3).allMatch(e -> e.status() == ExecutionStatus.RUNNING);
        assertThat(firstPage.nextToken()).isNotNull();
        ListExecutionsResponse secondPage = sfn.listExecutions(r -> r.stateMachineArn(arn)
                .statusFilter(ExecutionStatus.RUNNING).maxResults(3).nextToken(firstPage.nextToken()));
        assertThat(secondPage.executions()).hasSize(1);
        assertThat(secondPage.nextToken()).isNull();
        List<ExecutionListItem> aborted = sfn.listExecutions(r -> r.stateMachineArn(arn)
                .statusFilter(ExecutionStatus.ABORTED)).executions();
        assertThat(aborted).extracting(ExecutionListItem::executionArn).containsExactly(stopped);
        DescribeExecutionResponse described = sfn.describeExecution(r -> r.executionArn(stopped));
        assertThat(described.error()).isEqualTo("Ops");
        assertThat(sfn.listExecutionsPaginator(r -> r.stateMachineArn(arn).maxResults(2)).executions().stream()
                .count()).isEqualTo(5);
    }

    @Test
    void startExecutionIsIdempotentByNameAsInAws() {
        String arn = machine("{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":3600,\"End\":true}}}");
        String first = sfn.startExecution(r -> r.stateMachineArn(arn).name("order-1").input("{\"v\":1}"))
                .executionArn();
        String again = sfn.startExecution(r -> r.stateMachineArn(arn).name("order-1").input("{\"v\":1}"))
                .executionArn();
        assertThat(again).isEqualTo(first);
        assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(arn).name("order-1").input("{\"v\":2}")))
                .isInstanceOf(ExecutionAlreadyExistsException.class);
        sfn.stopExecution(r -> r.executionArn(first));
        assertThatThrownBy(() -> sfn.startExecution(r -> r.stateMachineArn(arn).name("order-1").input("{\"v\":1}")))
                .as("a closed execution's name cannot be reused").isInstanceOf(ExecutionAlreadyExistsException.class);
    }

    @Test
    void sendsTaskSuccessFailureAndHeartbeat() {
        String arn = machine(("{\"StartAt\":\"Approve\",\"States\":{\"Approve\":{\"Type\":\"Task\",\"Resource\":"
                + "\"arn:aws:states:::lambda:invoke.waitForTaskToken\",\"HeartbeatSeconds\":3600,\"Parameters\":"
                + "{\"FunctionName\":\"%sEcho\",\"Payload\":{\"token.$\":\"$$.Task.Token\"}},\"ResultPath\":"
                + "\"$.decision\",\"End\":true}}}").formatted(TestFunctions.ARN));
        String approved = sfn.startExecution(r -> r.stateMachineArn(arn).input("{\"order\":1}")).executionArn();
        String token = tokenOf(approved);
        sfn.sendTaskHeartbeat(r -> r.taskToken(token));
        sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"approved\":true}"));
        assertThat(await(approved).output()).isEqualTo("{\"order\":1,\"decision\":{\"approved\":true}}");
        assertThatThrownBy(() -> sfn.sendTaskSuccess(r -> r.taskToken(token).output("{}")))
                .as("a used token is no longer valid").isInstanceOf(TaskTimedOutException.class);

        String rejected = sfn.startExecution(r -> r.stateMachineArn(arn).input("{\"order\":2}")).executionArn();
        String otherToken = tokenOf(rejected);
        sfn.sendTaskFailure(r -> r.taskToken(otherToken).error("Rejected").cause("out of policy"));
        DescribeExecutionResponse failed = await(rejected);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("Rejected");
        assertThat(failed.cause()).isEqualTo("out of policy");
    }

    private static String tokenOf(String executionArn) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (HistoryEvent event : sfn.getExecutionHistory(r -> r.executionArn(executionArn)).events()) {
                if (event.type() == HistoryEventType.TASK_SCHEDULED) {
                    String parameters = event.taskScheduledEventDetails().parameters();
                    int at = parameters.indexOf("\"token\":\"") + 9;
                    return parameters.substring(at, parameters.indexOf('"', at));
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no task was scheduled for " + executionArn);
    }

    @Test
    void redrivesAFailedExecutionAfterTheFaultIsFixed() {
        String arn = machine(("{\"StartAt\":\"Reserve\",\"States\":{"
                + "\"Reserve\":{\"Type\":\"Task\",\"Resource\":\"%sEcho\",\"ResultPath\":\"$.reserved\",\"Next\":\"Ship\"},"
                + "\"Ship\":{\"Type\":\"Task\",\"Resource\":\"%sFlaky\",\"End\":true}}}")
                .formatted(TestFunctions.ARN, TestFunctions.ARN));
        FIXED.set(false);
        String executionArn = sfn.startExecution(r -> r.stateMachineArn(arn).input("{\"order\":7}")).executionArn();
        DescribeExecutionResponse failed = await(executionArn);
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.error()).isEqualTo("com.example.CarrierDown");
        assertThat(failed.redriveStatusAsString()).isEqualTo("REDRIVABLE");

        FIXED.set(true);
        sfn.redriveExecution(r -> r.executionArn(executionArn));
        DescribeExecutionResponse redriven = await(executionArn);
        assertThat(redriven.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(redriven.redriveCount()).isEqualTo(1);
        assertThat(redriven.output()).isEqualTo("{\"order\":7,\"reserved\":{\"order\":7}}");
        List<HistoryEventType> types = sfn.getExecutionHistory(r -> r.executionArn(executionArn)).events().stream()
                .map(HistoryEvent::type).toList();
        assertThat(types).containsSubsequence(HistoryEventType.EXECUTION_FAILED, HistoryEventType.EXECUTION_REDRIVEN,
                HistoryEventType.TASK_STATE_ENTERED, HistoryEventType.EXECUTION_SUCCEEDED);
        assertThat(types.stream().filter(t -> t == HistoryEventType.LAMBDA_FUNCTION_SUCCEEDED).count())
                .as("the step that had succeeded is not run again").isEqualTo(2);
        assertThatThrownBy(() -> sfn.redriveExecution(r -> r.executionArn(executionArn)))
                .hasMessageContaining("cannot be redriven");
    }

    @Test
    void rejectsAnInvalidDefinitionWithTheProblems() {
        assertThatThrownBy(() -> machine("{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"}}}"))
                .isInstanceOf(InvalidDefinitionException.class).hasMessageContaining("MISSING_TRANSITION_TARGET");
        var validation = sfn.validateStateMachineDefinition(r -> r.definition(
                "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true},\"B\":{\"Type\":\"Pass\",\"End\":true}}}"));
        assertThat(validation.result()).isEqualTo(ValidateStateMachineDefinitionResultCode.FAIL);
        assertThat(validation.diagnostics()).anyMatch(d -> d.code().equals("UNREACHABLE_STATE")
                && d.location().equals("/States/B"));
    }

    @Test
    void runsExpressStateMachinesSynchronously() {
        String definition = "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Parameters\":{\"v.$\":\"$.a\"},\"End\":true}}}";
        String express = sfn.createStateMachine(r -> r.name("express-" + UUID.randomUUID()).definition(definition)
                .roleArn("arn:aws:iam::000000000000:role/sfn").type(StateMachineType.EXPRESS)).stateMachineArn();
        StartSyncExecutionResponse result = sfn.startSyncExecution(r -> r.stateMachineArn(express).input("{\"a\":1}"));
        assertThat(result.status()).isEqualTo(SyncExecutionStatus.SUCCEEDED);
        assertThat(result.output()).isEqualTo("{\"v\":1}");
        assertThat(result.executionArn()).contains(":express:");
        assertThatThrownBy(() -> sfn.getExecutionHistory(r -> r.executionArn(result.executionArn())))
                .as("Express executions keep no history (their events go to CloudWatch Logs)")
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.describeExecution(r -> r.executionArn(result.executionArn())))
                .isInstanceOf(InvalidArnException.class);
        String standard = machine(definition);
        assertThatThrownBy(() -> sfn.startSyncExecution(r -> r.stateMachineArn(standard)))
                .isInstanceOf(StateMachineTypeNotSupportedException.class);
    }
}
