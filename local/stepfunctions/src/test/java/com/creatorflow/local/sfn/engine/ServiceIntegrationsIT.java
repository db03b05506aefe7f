package com.creatorflow.local.sfn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.sfn.TestFunctions;
import com.creatorflow.local.sfn.api.SfnHttpServer;
import com.creatorflow.local.sfn.path.JsonValues;
import com.creatorflow.local.stack.Dynoxide;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalSqs;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Service integrations run through the AWS SDK against the local services: DynamoDB (Dynoxide), SQS (ElasticMQ),
 * Step Functions (the engine's own endpoint), and EventBridge (a small stand-in that records PutEvents until the
 * local bus exists).
 */
class ServiceIntegrationsIT {
    private static Dynoxide dynoxide;
    private static LocalSqs localSqs;
    private static HttpServer events;
    private static final List<JsonNode> PUT_EVENTS = new CopyOnWriteArrayList<>();
    private static StepFunctionsEngine engine;
    private static SfnHttpServer api;
    private static DynamoDbClient dynamo;
    private static SqsClient sqs;
    private static String table;
    private static String queueUrl;

    @BeforeAll
    static void start() throws Exception {
        dynoxide = Dynoxide.startInMemory();
        localSqs = LocalSqs.start(0, LocalClients.REGION);
        dynamo = LocalClients.dynamo(dynoxide.endpoint());
        sqs = LocalClients.sqs(localSqs.endpoint());
        table = "items-" + UUID.randomUUID();
        dynamo.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                        .attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
        queueUrl = sqs.createQueue(r -> r.queueName("approvals-" + UUID.randomUUID())).queueUrl();
        events = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        events.createContext("/", exchange -> {
            PUT_EVENTS.add(JsonValues.parse(exchange.getRequestBody().readAllBytes()));
            byte[] body = "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e-1\"}]}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        events.start();
        URI eventsEndpoint = URI.create("http://127.0.0.1:" + events.getAddress().getPort());
        EventBridgeClient eventBridge = EventBridgeClient.builder().endpointOverride(eventsEndpoint)
                .region(Region.US_EAST_1).credentialsProvider(LocalClients.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create()).build();
        SfnClient[] self = new SfnClient[1];
        PoolScheduler scheduler = new PoolScheduler(4, 1.0);
        engine = StepFunctionsEngine.builder().scheduler(scheduler).lambda(new TestFunctions(scheduler))
                .serviceClients(new AwsServiceClients(() -> dynamo, () -> sqs, () -> eventBridge, () -> self[0]))
                .build();
        api = SfnHttpServer.start(engine, 0, 4);
        self[0] = SfnClient.builder().endpointOverride(api.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        api.close();
        engine.close();
        events.stop(0);
        localSqs.close();
        dynoxide.close();
    }

    private static ExecutionView run(String definition, String input) {
        String machine = engine.createStateMachine("m-" + UUID.randomUUID(), definition, null, null).arn();
        String execution = engine.startExecution(machine, null, input).executionArn();
        return engine.awaitCompletion(execution, Duration.ofSeconds(20));
    }

    @Test
    void putsUpdatesAndGetsDynamoDbItems() {
        String definition = """
                {"StartAt":"Put","States":{
                  "Put":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem","ResultPath":null,
                    "Parameters":{"TableName":"%1$s","Item":{"pk":{"S.$":"$.id"},"n":{"N":"1"}}},"Next":"Update"},
                  "Update":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:updateItem","ResultPath":"$.updated",
                    "Parameters":{"TableName":"%1$s","Key":{"pk":{"S.$":"$.id"}},"UpdateExpression":"SET n = n + :one",
                      "ExpressionAttributeValues":{":one":{"N":"1"}},"ReturnValues":"ALL_NEW"},"Next":"Get"},
                  "Get":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:getItem",
                    "Parameters":{"TableName":"%1$s","Key":{"pk":{"S.$":"$.id"}}},
                    "ResultSelector":{"n.$":"$.Item.n.N","status.$":"$.SdkHttpMetadata.HttpStatusCode"},"End":true}}}
                """.formatted(table);
        ExecutionView done = run(definition, "{\"id\":\"order-1\"}");
        assertThat(done.status()).as(done.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(JsonValues.parse(done.output())).isEqualTo(JsonValues.parse("{\"n\":\"2\",\"status\":200}"));
    }

    @Test
    void aConditionalCheckFailureIsNamedAsStepFunctionsNamesIt() {
        String definition = """
                {"StartAt":"Put","States":{
                  "Put":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:putItem",
                    "Parameters":{"TableName":"%1$s","Item":{"pk":{"S":"dup"}},"ConditionExpression":"attribute_not_exists(pk)"},
                    "Catch":[{"ErrorEquals":["DynamoDB.ConditionalCheckFailedException"],"ResultPath":"$.error","Next":"Exists"}],
                    "Next":"Created"},
                  "Created":{"Type":"Pass","Result":"created","End":true},
                  "Exists":{"Type":"Pass","Parameters":{"error.$":"$.error.Error"},"End":true}}}
                """.formatted(table);
        assertThat(run(definition, "{}").output()).isEqualTo("\"created\"");
        assertThat(run(definition, "{}").output())
                .isEqualTo("{\"error\":\"DynamoDB.ConditionalCheckFailedException\"}");
    }

    @Test
    void sendsAnSqsMessageWithATaskTokenAndWaits() {
        String definition = """
                {"StartAt":"Ask","States":{"Ask":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                  "Parameters":{"QueueUrl":"%s","MessageBody":{"token.$":"$$.Task.Token","order.$":"$.order"}},
                  "ResultPath":"$.review","End":true}}}
                """.formatted(queueUrl);
        String machine = engine.createStateMachine("review-" + UUID.randomUUID(), definition, null, null).arn();
        String execution = engine.startExecution(machine, null, "{\"order\":42}").executionArn();
        List<Message> messages = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (messages.isEmpty() && System.nanoTime() < deadline) {
            messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages();
        }
        assertThat(messages).hasSize(1);
        JsonNode body = JsonValues.parse(messages.get(0).body());
        assertThat(body.get("order").asInt()).isEqualTo(42);
        engine.sendTaskSuccess(body.get("token").asText(), "{\"approved\":true}");
        ExecutionView done = engine.awaitCompletion(execution, Duration.ofSeconds(10));
        assertThat(done.output()).isEqualTo("{\"order\":42,\"review\":{\"approved\":true}}");
    }

    @Test
    void startsAnotherExecutionThroughTheStepFunctionsApi() {
        String child = engine.createStateMachine("child-" + UUID.randomUUID(),
                "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}", null, null).arn();
        String definition = """
                {"StartAt":"Start","States":{"Start":{"Type":"Task","Resource":"arn:aws:states:::states:startExecution",
                  "Parameters":{"StateMachineArn":"%s","Input":{"from.$":"$$.Execution.Name"}},
                  "ResultSelector":{"arn.$":"$.ExecutionArn"},"End":true}}}
                """.formatted(child);
        ExecutionView done = run(definition, "{}");
        assertThat(done.status()).as(done.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        String childExecution = JsonValues.parse(done.output()).get("arn").asText();
        ExecutionView childDone = engine.awaitCompletion(childExecution, Duration.ofSeconds(10));
        assertThat(JsonValues.parse(childDone.input()).get("from").asText()).isEqualTo(done.name());
    }

    @Test
    void putsEventsWithTheDetailAsAJsonString() {
        String definition = """
                {"StartAt":"Emit","States":{"Emit":{"Type":"Task","Resource":"arn:aws:states:::events:putEvents",
                  "Parameters":{"Entries":[{"Source":"creatorflow.orders","DetailType":"OrderStatusChanged",
                    "EventBusName":"creatorflow-dev","Detail":{"orderId.$":"$.order"}}]},"End":true}}}
                """;
        int before = PUT_EVENTS.size();
        ExecutionView done = run(definition, "{\"order\":\"o-9\"}");
        assertThat(done.status()).as(done.toString()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(JsonValues.parse(done.output()).get("FailedEntryCount").asInt()).isZero();
        JsonNode entry = PUT_EVENTS.get(before).get("Entries").get(0);
        assertThat(entry.get("Detail").asText()).isEqualTo("{\"orderId\":\"o-9\"}");
        assertThat(entry.get("DetailType").asText()).isEqualTo("OrderStatusChanged");
    }
}
