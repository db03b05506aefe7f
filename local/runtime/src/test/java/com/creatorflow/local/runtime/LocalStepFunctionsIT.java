package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.sfn.engine.ExecutionStatus;
import com.creatorflow.local.sfn.engine.ExecutionView;
import com.creatorflow.local.stack.LocalClients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/**
 * The runtime serves Step Functions: a state machine created with SfnClient runs a Lambda task of the template
 * through the function registry and puts an event on the local bus, and an execution waiting for a task token survives a restart on the same data
 * folder.
 */
class LocalStepFunctionsIT {
    private static SfnClient client(URI endpoint) {
        return SfnClient.builder().endpointOverride(endpoint).region(Region.of(LocalClients.REGION))
                .credentialsProvider(LocalClients.CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static String payload(String tenant) {
        return "{\"routeKey\":\"GET /v1/nowhere\",\"rawPath\":\"/v1/nowhere\",\"requestContext\":{\"authorizer\":"
                + "{\"jwt\":{\"claims\":{\"custom:tenant_id\":\"" + tenant + "\"}}}}}";
    }

    @Test
    void runsATemplateFunctionAsATaskThroughTheSdk() {
        try (LocalRuntime runtime = LocalRuntime.start(RuntimeOptions.forTests());
             SfnClient sfn = client(runtime.stepFunctionsEndpoint())) {
            assertThat(runtime.functionVariables().get("AWS_ENDPOINT_URL_SFN"))
                    .isEqualTo(runtime.stepFunctionsEndpoint().toString());
            String function = runtime.resolver().functionArn("CreatorApiFunction");
            String definition = """
                    {"StartAt":"Plain","States":{
                      "Plain":{"Type":"Task","Resource":"%s","Parameters":%s,
                        "ResultSelector":{"status.$":"$.statusCode"},"ResultPath":"$.plain","Next":"Invoke"},
                      "Invoke":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                        "Parameters":{"FunctionName":"CreatorApiFunction","Payload":%s},
                        "ResultSelector":{"status.$":"$.Payload.statusCode","code.$":"$.StatusCode"},
                        "ResultPath":"$.invoked","Next":"Emit"},
                      "Emit":{"Type":"Task","Resource":"arn:aws:states:::events:putEvents",
                        "Parameters":{"Entries":[{"EventBusName":"default","Source":"creatorflow.test",
                          "DetailType":"WorkflowPing","Detail":{"from":"stepfunctions"}}]},
                        "ResultSelector":{"failed.$":"$.FailedEntryCount"},"ResultPath":"$.emitted","End":true}}}
                    """.formatted(function, payload("t-" + UUID.randomUUID()), payload("t-" + UUID.randomUUID()));
            long before = runtime.functions().get("CreatorApiFunction").invocations();
            String machine = sfn.createStateMachine(r -> r.name("wiring").definition(definition)
                    .roleArn("arn:aws:iam::000000000000:role/local")).stateMachineArn();
            String execution = sfn.startExecution(r -> r.stateMachineArn(machine).input("{}")).executionArn();

            ExecutionView done = runtime.stepFunctions().awaitCompletion(execution, Duration.ofSeconds(30));
            assertThat(done.status()).as(done.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.output()).as("a route no permission names is refused by the guard")
                    .isEqualTo("{\"plain\":{\"status\":403},\"invoked\":{\"status\":403,\"code\":200},"
                    + "\"emitted\":{\"failed\":0}}");
            assertThat(runtime.functions().get("CreatorApiFunction").invocations()).isEqualTo(before + 2);
            assertThat(runtime.aws().stepFunctions().listStateMachines().stateMachines())
                    .as("handlers' own SfnClient reaches the local engine")
                    .anyMatch(m -> m.stateMachineArn().equals(machine));
            assertThat(runtime.banner()).contains("aws stepfunctions list-state-machines --endpoint-url "
                    + runtime.stepFunctionsEndpoint());
        }
    }

    @Test
    void anExecutionWaitingForATaskTokenSurvivesARestart(@TempDir Path data) {
        String machine;
        String execution;
        String token;
        try (LocalRuntime first = LocalRuntime.start(RuntimeOptions.forTests().withDataDir(data));
             SfnClient sfn = client(first.stepFunctionsEndpoint())) {
            String definition = """
                    {"StartAt":"Review","States":{"Review":{"Type":"Task",
                      "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                      "Parameters":{"FunctionName":"CreatorApiFunction","Payload":{"token.$":"$$.Task.Token"}},
                      "ResultPath":"$.review","End":true}}}
                    """;
            machine = sfn.createStateMachine(r -> r.name("review").definition(definition)
                    .roleArn("arn:aws:iam::000000000000:role/local")).stateMachineArn();
            execution = sfn.startExecution(r -> r.stateMachineArn(machine).name("order-1")
                    .input("{\"order\":1}")).executionArn();
            token = submittedToken(sfn, execution);
        }
        try (LocalRuntime second = LocalRuntime.start(RuntimeOptions.forTests().withDataDir(data));
             SfnClient sfn = client(second.stepFunctionsEndpoint())) {
            assertThat(sfn.describeExecution(r -> r.executionArn(execution)).statusAsString()).isEqualTo("RUNNING");
            sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"approved\":true}"));
            ExecutionView done = second.stepFunctions().awaitCompletion(execution, Duration.ofSeconds(30));
            assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(done.output()).isEqualTo("{\"order\":1,\"review\":{\"approved\":true}}");
            assertThat(sfn.listExecutions(r -> r.stateMachineArn(machine)).executions()).hasSize(1);
        }
    }

    private static String submittedToken(SfnClient sfn, String execution) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (HistoryEvent event : sfn.getExecutionHistory(r -> r.executionArn(execution)).events()) {
                if (event.type() == HistoryEventType.TASK_SUBMITTED) {
                    String parameters = sfn.getExecutionHistory(r -> r.executionArn(execution)).events().stream()
                            .filter(e -> e.type() == HistoryEventType.TASK_SCHEDULED).findFirst().orElseThrow()
                            .taskScheduledEventDetails().parameters();
                    int at = parameters.indexOf("\"token\":\"") + 9;
                    return parameters.substring(at, parameters.indexOf('"', at));
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the task was not submitted");
    }
}
