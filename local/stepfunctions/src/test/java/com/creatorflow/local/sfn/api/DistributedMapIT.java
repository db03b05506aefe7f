package com.creatorflow.local.sfn.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.local.sfn.TestFunctions;
import com.creatorflow.local.sfn.engine.AwsServiceClients;
import com.creatorflow.local.sfn.engine.PoolScheduler;
import com.creatorflow.local.sfn.engine.StepFunctionsEngine;
import com.creatorflow.local.sfn.path.JsonValues;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalS3;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.DescribeMapRunResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.MapRunListItem;

/**
 * Distributed Map and JSONata workflows through the Step Functions API (SfnClient against the engine's endpoint),
 * reading items from and writing results to a local S3 (S3Proxy).
 */
class DistributedMapIT {
    private static final String LAMBDA = TestFunctions.ARN;
    private static final String BUCKET = "bulk";
    private static LocalS3 localS3;
    private static S3Client s3;
    private static StepFunctionsEngine engine;
    private static SfnHttpServer server;
    private static SfnClient sfn;

    @BeforeAll
    static void start() {
        localS3 = LocalS3.start(0, null, "test-secret");
        s3 = LocalClients.s3(localS3.endpoint());
        s3.createBucket(r -> r.bucket(BUCKET));
        PoolScheduler scheduler = new PoolScheduler(4, 0.001);
        engine = StepFunctionsEngine.builder().scheduler(scheduler).lambda(new TestFunctions(scheduler))
                .serviceClients(new AwsServiceClients(() -> null, () -> null, () -> null, () -> null, () -> s3))
                .build();
        server = SfnHttpServer.start(engine, 0, 4);
        sfn = SfnApiIT.client(server.endpoint());
    }

    @AfterAll
    static void stop() {
        sfn.close();
        server.close();
        engine.close();
        s3.close();
        localS3.close();
    }

    private static String machine(String definition) {
        return sfn.createStateMachine(r -> r.name("m-" + UUID.randomUUID()).definition(definition)
                .roleArn("arn:aws:iam::000000000000:role/sfn")).stateMachineArn();
    }

    private static DescribeExecutionResponse run(String machineArn, String input) {
        String executionArn = sfn.startExecution(r -> r.stateMachineArn(machineArn).input(input)).executionArn();
        engine.awaitCompletion(executionArn, Duration.ofSeconds(20));
        return sfn.describeExecution(r -> r.executionArn(executionArn));
    }

    private static void put(String key, String content) {
        s3.putObject(r -> r.bucket(BUCKET).key(key), RequestBody.fromString(content));
    }

    private static JsonNode read(String key) {
        return JsonValues.parse(s3.getObjectAsBytes(r -> r.bucket(BUCKET).key(key)).asUtf8String());
    }

    private static String distributedMap(String reader, String extra) {
        return """
                {"StartAt": "Lines", "States": {"Lines": {"Type": "Map", %s %s
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
                    "StartAt": "Echo", "States": {"Echo": {"Type": "Task", "Resource": "%sEcho", "End": true}}},
                  "End": true}}}""".formatted(reader, extra, LAMBDA);
    }

    @Test
    void readsAJsonArrayFromS3AndWritesTheResultsWithAManifest() {
        put("in/orders.json", "[{\"id\":\"o1\"},{\"id\":\"o2\"},{\"id\":\"o3\"}]");
        String machine = machine(distributedMap("""
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                  "ReaderConfig": {"InputType": "JSON"}, "Parameters": {"Bucket.$": "$.bucket", "Key": "in/orders.json"}},
                """, """
                "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject",
                  "Parameters": {"Bucket": "bulk", "Prefix": "results"}},
                """));

        DescribeExecutionResponse done = run(machine, "{\"bucket\":\"bulk\"}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        JsonNode output = JsonValues.parse(done.output());
        String manifestKey = output.path("ResultWriterDetails").path("Key").asText();
        assertThat(manifestKey).startsWith("results/").endsWith("/manifest.json");
        JsonNode manifest = read(manifestKey);
        assertThat(manifest.path("MapRunArn").asText()).isEqualTo(output.path("MapRunArn").asText());
        assertThat(manifest.path("DestinationBucket").asText()).isEqualTo(BUCKET);
        assertThat(manifest.path("ResultFiles").path("FAILED")).isEmpty();
        JsonNode succeeded = read(manifest.path("ResultFiles").path("SUCCEEDED").get(0).path("Key").asText());
        assertThat(succeeded).hasSize(3);
        assertThat(succeeded.get(1).path("Status").asText()).isEqualTo("SUCCEEDED");
        assertThat(JsonValues.parse(succeeded.get(1).path("Output").asText()).path("id").asText()).isEqualTo("o2");
    }

    @Test
    void readsCsvWithItsHeaderRowAndWithGivenHeaders() {
        put("in/stock.csv", "sku,qty\nA,1\nB,2\n");
        put("in/plain.csv", "A|1\nB|2\n");
        String firstRow = machine(distributedMap("""
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV",
                  "CSVHeaderLocation": "FIRST_ROW"}, "Parameters": {"Bucket": "bulk", "Key": "in/stock.csv"}},
                """, ""));
        String given = machine(distributedMap("""
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV",
                  "CSVHeaderLocation": "GIVEN", "CSVHeaders": ["sku", "qty"], "CSVDelimiter": "PIPE"},
                  "Parameters": {"Bucket": "bulk", "Key": "in/plain.csv"}},
                """, ""));

        String expected = "[{\"sku\":\"A\",\"qty\":\"1\"},{\"sku\":\"B\",\"qty\":\"2\"}]";
        assertThat(JsonValues.parse(run(firstRow, "{}").output())).isEqualTo(JsonValues.parse(expected));
        assertThat(JsonValues.parse(run(given, "{}").output())).isEqualTo(JsonValues.parse(expected));
    }

    @Test
    void readsJsonLinesAndCapsTheItemsAtMaxItems() {
        put("in/events.jsonl", "{\"n\":1}\n{\"n\":2}\n\n{\"n\":3}\n");
        String machine = machine(distributedMap("""
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSONL",
                  "MaxItems": 2}, "Parameters": {"Bucket": "bulk", "Key": "in/events.jsonl"}},
                """, ""));

        assertThat(JsonValues.parse(run(machine, "{}").output())).isEqualTo(JsonValues.parse("[{\"n\":1},{\"n\":2}]"));
    }

    @Test
    void listsObjectsUnderAPrefixAsItems() {
        put("listing/a.txt", "aa");
        put("listing/b.txt", "bbbb");
        String machine = machine(distributedMap("""
                "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2",
                  "Parameters": {"Bucket": "bulk", "Prefix": "listing/"}},
                """, ""));

        JsonNode items = JsonValues.parse(run(machine, "{}").output());

        assertThat(items).hasSize(2);
        assertThat(items.get(0).path("Key").asText()).isEqualTo("listing/a.txt");
        assertThat(items.get(1).path("Size").asInt()).isEqualTo(4);
        assertThat(items.get(0).has("Etag")).isTrue();
        assertThat(items.get(0).path("LastModified").isNumber()).isTrue();
    }

    @Test
    void aMissingObjectFailsTheMapWithItemReaderFailed() {
        String machine = machine(distributedMap("""
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
                  "Parameters": {"Bucket": "bulk", "Key": "in/none.json"}},
                """, ""));

        DescribeExecutionResponse done = run(machine, "{}");

        assertThat(done.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(done.error()).isEqualTo("States.ItemReaderFailed");
    }

    @Test
    void mapRunsAndTheirChildExecutionsAreVisibleThroughTheApi() {
        String machine = machine(distributedMap("\"ItemsPath\": \"$.items\",",
                "\"ItemBatcher\": {\"MaxItemsPerBatch\": 2}, \"ToleratedFailureCount\": 0,"));
        String executionArn = sfn.startExecution(r -> r.stateMachineArn(machine)
                .input("{\"items\":[1,2,3,4,5]}")).executionArn();
        engine.awaitCompletion(executionArn, Duration.ofSeconds(20));

        List<MapRunListItem> runs = sfn.listMapRuns(r -> r.executionArn(executionArn)).mapRuns();
        assertThat(runs).hasSize(1);
        DescribeMapRunResponse run = sfn.describeMapRun(r -> r.mapRunArn(runs.get(0).mapRunArn()));
        assertThat(run.statusAsString()).isEqualTo("SUCCEEDED");
        assertThat(run.executionArn()).isEqualTo(executionArn);
        assertThat(run.itemCounts().succeeded()).isEqualTo(5);
        assertThat(run.itemCounts().total()).isEqualTo(5);
        assertThat(run.executionCounts().succeeded()).isEqualTo(3);
        List<ExecutionListItem> children = sfn.listExecutions(r -> r.mapRunArn(run.mapRunArn())).executions();
        assertThat(children).hasSize(3).allSatisfy(child -> {
            assertThat(child.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(child.stateMachineArn()).isEqualTo(runs.get(0).stateMachineArn());
            assertThat(child.executionArn()).contains(":execution:").contains("/Lines:");
        });
        assertThat(sfn.getExecutionHistory(r -> r.executionArn(executionArn)).events())
                .extracting(event -> event.type()).contains(HistoryEventType.MAP_RUN_STARTED,
                        HistoryEventType.MAP_RUN_SUCCEEDED);
    }

    @Test
    void aStandardChildExecutionIsDescribedAndHasItsOwnHistory() {
        String machine = machine("""
                {"StartAt": "Lines", "States": {"Lines": {"Type": "Map", "ItemsPath": "$.items",
                  "ToleratedFailureCount": 1,
                  "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
                    "StartAt": "Route", "States": {
                      "Route": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true,
                        "Next": "Echo"}], "Default": "Broken"},
                      "Echo": {"Type": "Task", "Resource": "%sEcho", "End": true},
                      "Broken": {"Type": "Fail", "Error": "Item.Broken", "Cause": "not ok"}}},
                  "End": true}}}""".formatted(LAMBDA));
        String executionArn = sfn.startExecution(r -> r.stateMachineArn(machine)
                .input("{\"items\":[{\"ok\":true},{\"ok\":false}]}")).executionArn();
        engine.awaitCompletion(executionArn, Duration.ofSeconds(20));
        String mapRunArn = sfn.listMapRuns(r -> r.executionArn(executionArn)).mapRuns().get(0).mapRunArn();
        List<ExecutionListItem> children = sfn.listExecutions(r -> r.mapRunArn(mapRunArn)).executions();
        ExecutionListItem good = children.stream().filter(c -> c.status() == ExecutionStatus.SUCCEEDED)
                .findFirst().orElseThrow();
        ExecutionListItem bad = children.stream().filter(c -> c.status() == ExecutionStatus.FAILED)
                .findFirst().orElseThrow();

        DescribeExecutionResponse described = sfn.describeExecution(r -> r.executionArn(good.executionArn()));
        assertThat(described.mapRunArn()).isEqualTo(mapRunArn);
        assertThat(good.mapRunArn()).isEqualTo(mapRunArn);
        assertThat(JsonValues.parse(described.input())).isEqualTo(JsonValues.parse("{\"ok\":true}"));
        assertThat(JsonValues.parse(described.output())).isEqualTo(JsonValues.parse("{\"ok\":true}"));
        List<HistoryEvent> history = sfn.getExecutionHistory(r -> r.executionArn(good.executionArn())).events();
        assertThat(history).extracting(HistoryEvent::type).startsWith(HistoryEventType.EXECUTION_STARTED,
                        HistoryEventType.CHOICE_STATE_ENTERED, HistoryEventType.CHOICE_STATE_EXITED,
                        HistoryEventType.TASK_STATE_ENTERED)
                .endsWith(HistoryEventType.TASK_STATE_EXITED, HistoryEventType.EXECUTION_SUCCEEDED);
        for (int i = 0; i < history.size(); i++) {
            assertThat(history.get(i).id()).isEqualTo(i + 1L);
            assertThat(history.get(i).previousEventId()).isEqualTo(i);
        }
        List<HistoryEvent> failed = sfn.getExecutionHistory(r -> r.executionArn(bad.executionArn())).events();
        assertThat(failed.getLast().type()).isEqualTo(HistoryEventType.EXECUTION_FAILED);
        assertThat(failed.getLast().executionFailedEventDetails().error()).isEqualTo("Item.Broken");
        assertThat(sfn.describeExecution(r -> r.executionArn(bad.executionArn())).error()).isEqualTo("Item.Broken");
        assertThat(sfn.getExecutionHistory(r -> r.executionArn(executionArn)).events())
                .extracting(HistoryEvent::type).doesNotContain(HistoryEventType.CHOICE_STATE_ENTERED,
                        HistoryEventType.TASK_STATE_ENTERED);
    }

    @Test
    void anExpressChildExecutionIsDescribedButHasNoHistory() {
        String machine = machine(distributedMap("\"ItemsPath\": \"$.items\",", ""));
        String executionArn = sfn.startExecution(r -> r.stateMachineArn(machine).input("{\"items\":[7]}"))
                .executionArn();
        engine.awaitCompletion(executionArn, Duration.ofSeconds(20));
        String mapRunArn = sfn.listMapRuns(r -> r.executionArn(executionArn)).mapRuns().get(0).mapRunArn();
        String child = sfn.listExecutions(r -> r.mapRunArn(mapRunArn)).executions().get(0).executionArn();

        DescribeExecutionResponse described = sfn.describeExecution(r -> r.executionArn(child));

        assertThat(described.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(described.mapRunArn()).isEqualTo(mapRunArn);
        assertThat(described.output()).isEqualTo("7");
        assertThatThrownBy(() -> sfn.getExecutionHistory(r -> r.executionArn(child)))
                .isInstanceOf(InvalidArnException.class);
        assertThatThrownBy(() -> sfn.describeExecution(r -> r.executionArn(child + "0")))
                .isInstanceOf(ExecutionDoesNotExistException.class);
    }

    @Test
    void aJsonataWorkflowWithVariablesRunsThroughTheApi() {
        String machine = machine("""
                {"QueryLanguage": "JSONata", "StartAt": "Price", "States": {
                  "Price": {"Type": "Task", "Resource": "%sAdd", "Arguments": {"a": "{%% $states.input.net %%}",
                    "b": "{%% $states.input.tax %%}"}, "Assign": {"total": "{%% $states.result %%}"},
                    "Output": "{%% $states.input %%}", "Next": "Route"},
                  "Route": {"Type": "Choice", "Choices": [{"Condition": "{%% $total > 100 %%}", "Next": "Review"}],
                    "Default": "Ship"},
                  "Review": {"Type": "Pass", "Output": {"route": "review", "total": "{%% $total %%}"}, "End": true},
                  "Ship": {"Type": "Pass", "Output": {"route": "ship", "total": "{%% $total %%}",
                    "id": "{%% $states.input.id %%}"}, "End": true}}}""".formatted(LAMBDA));

        DescribeExecutionResponse cheap = run(machine, "{\"id\":\"o1\",\"net\":40,\"tax\":8}");
        DescribeExecutionResponse dear = run(machine, "{\"id\":\"o2\",\"net\":100,\"tax\":20}");

        assertThat(JsonValues.parse(cheap.output()))
                .isEqualTo(JsonValues.parse("{\"route\":\"ship\",\"total\":48,\"id\":\"o1\"}"));
        assertThat(JsonValues.parse(dear.output()))
                .isEqualTo(JsonValues.parse("{\"route\":\"review\",\"total\":120}"));
    }
}
