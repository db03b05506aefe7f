package com.creatorflow.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalResolver;
import com.creatorflow.local.stack.LocalSqs;
import com.creatorflow.local.stack.StackProvisioner;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The local bus through the real EventBridge SDK client, with rules read from a test template and real ElasticMQ
 * queues as targets and dead-letter queues. The Lambda target is an invoker that refuses as often as told.
 */
class LocalEventBridgeIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static LocalSqs sqs;
    private static SqsClient sqsClient;
    private static Map<String, String> queues;
    private static LocalEventBridge bridge;
    private static EventBridgeClient client;
    private static final List<String> invocations = Collections.synchronizedList(new ArrayList<>());
    private static final AtomicInteger refusalsLeft = new AtomicInteger();

    @BeforeAll
    static void start() {
        sqs = LocalSqs.start(0, LocalClients.REGION);
        sqsClient = LocalClients.sqs(sqs.endpoint());
        CfnTemplate template = CfnTemplate.load(Path.of("src/test/resources/bus-template.yaml"));
        LocalResolver resolver = new LocalResolver(template, LocalClients.REGION, sqs.endpoint(), Map.of());
        queues = new StackProvisioner(resolver).createQueues(sqsClient);
        LambdaInvoker lambda = (arn, payload) -> {
            invocations.add(payload);
            if (refusalsLeft.getAndDecrement() > 0) {
                throw new DeliveryFailure("THROTTLING", "Rate exceeded", true);
            }
        };
        Targets targets = new Targets(lambda, sqsClient, StateMachineTarget.none());
        EventDelivery delivery = new EventDelivery(targets, new EventDelivery.Options(Duration.ofMillis(20),
                Duration.ofMillis(100), 100, 2));
        TemplateRules rules = new TemplateRules(resolver);
        bridge = LocalEventBridge.start(0, new EventRouter(rules.busNames(), rules.rules(), delivery,
                LocalClients.REGION, LocalSqs.ACCOUNT_ID), delivery);
        client = EventBridgeClient.builder().endpointOverride(bridge.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(LocalClients.CREDENTIALS).build();
    }

    @AfterAll
    static void stop() {
        bridge.close();
        sqs.close();
    }

    private static PutEventsRequestEntry.Builder entry(String detailType, String detail) {
        return PutEventsRequestEntry.builder().eventBusName("test-orders").source("creatorflow.orders")
                .detailType(detailType).detail(detail);
    }

    @Test
    void refusesBadEntriesOneByOneAsAwsDoes() {
        PutEventsResponse response = client.putEvents(r -> r.entries(
                entry("OrderStatusChanged", "{\"to\": \"READY\"}").build(),
                entry("OrderStatusChanged", "{\"to\": \"READY\"}").source(null).build(),
                entry(null, "{}").build(),
                entry("OrderStatusChanged", null).build(),
                entry("OrderStatusChanged", "[1, 2]").build(),
                entry("OrderStatusChanged", "{\"a\": 1}").source("aws.ec2").build(),
                entry("OrderStatusChanged", "{\"a\": 1}").eventBusName("nowhere").build()));
        assertThat(response.failedEntryCount()).isEqualTo(6);
        assertThat(response.entries().get(0).eventId()).isNotBlank();
        assertThat(response.entries()).extracting(e -> e.errorCode()).containsExactly(null, "InvalidArgument",
                "InvalidArgument", "InvalidArgument", "MalformedDetail", "NotAuthorizedForSourceException",
                "ResourceNotFoundException");
        assertThat(response.entries().get(1).errorMessage()).contains("Source is a required argument");
        assertThat(response.entries().get(2).errorMessage()).contains("DetailType");

        List<PutEventsRequestEntry> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(entry("X", "{}").build());
        }
        assertThatThrownBy(() -> client.putEvents(r -> r.entries(eleven))).isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("length less than or equal to 10");
        String big = "{\"blob\": \"" + "x".repeat(270_000) + "\"}";
        assertThatThrownBy(() -> client.putEvents(r -> r.entries(entry("X", big).build())))
                .hasMessageContaining("over the limit");
    }

    @Test
    void matchingEventsReachTheQueueThroughTheInputTransformer() {
        String orderId = "o-" + System.nanoTime();
        client.putEvents(r -> r.entries(
                entry("OrderStatusChanged", "{\"orderId\": \"" + orderId + "\", \"to\": \"READY\", \"version\": 2}")
                        .build(),
                entry("OrderStatusChanged", "{\"orderId\": \"" + orderId + "\", \"to\": \"SHIPPED\", \"version\": 5,"
                        + " \"lines\": [{\"sku\": \"TEE\"}]}").build()));
        List<JsonNode> bodies = receive(queues.get("FeedQueue"), 1, orderId);
        assertThat(bodies).hasSize(1);
        JsonNode body = bodies.get(0);
        assertThat(body.get("order").asText()).isEqualTo(orderId);
        assertThat(body.get("text").asText()).isEqualTo("order " + orderId + " shipped (v5)");
        assertThat(body.at("/lines/0/sku").asText()).isEqualTo("TEE");
        assertThat(body.get("rule").asText()).isEqualTo("ShippedToFeedRule");
    }

    @Test
    void aSamEventBridgeRuleInvokesItsFunctionWithTheInputPath() {
        String marker = "m-" + System.nanoTime();
        client.putEvents(r -> r.entries(entry("NeedsAttention", "{\"marker\": \"" + marker + "\"}").build()));
        assertThat(pollFor(() -> invocations.stream().anyMatch(p -> p.equals("{\"marker\":\"" + marker + "\"}"))))
                .isTrue();
    }

    @Test
    void aFailingTargetIsRetriedThenTheEventGoesToTheDeadLetterQueueWithAwsAttributes() {
        refusalsLeft.set(100);
        String marker = "flaky-" + System.nanoTime();
        int before = invocations.size();
        client.putEvents(r -> r.entries(entry("Flaky", "{\"marker\": \"" + marker + "\"}").build()));
        Message dead = receiveMessage(queues.get("DeliveryDLQ"), marker);
        assertThat(dead).isNotNull();
        assertThat(invocations.stream().skip(before).filter(p -> p.contains(marker)).count())
                .as("the first attempt and two retries").isEqualTo(3);
        assertThat(attribute(dead, "RULE_ARN")).endsWith("rule/FlakyRule");
        assertThat(attribute(dead, "TARGET_ARN")).endsWith("function:NotifierFunction");
        assertThat(attribute(dead, "ERROR_CODE")).isEqualTo("THROTTLING");
        assertThat(attribute(dead, "EXHAUSTED_RETRY_CONDITION")).isEqualTo("MaximumRetryAttempts");
        assertThat(attribute(dead, "RETRY_ATTEMPTS")).isEqualTo("2");
        assertThat(Jsons.tree(dead.body()).at("/detail/marker").asText()).isEqualTo(marker);
        refusalsLeft.set(0);
    }

    @Test
    void aTargetThatDoesNotExistGoesStraightToTheDeadLetterQueue() {
        String marker = "wf-" + System.nanoTime();
        client.putEvents(r -> r.entries(entry("StartWorkflow", "{\"marker\": \"" + marker + "\"}").build()));
        Message dead = receiveMessage(queues.get("DeliveryDLQ"), marker);
        assertThat(dead).isNotNull();
        assertThat(attribute(dead, "ERROR_CODE")).isEqualTo("NO_RESOURCE");
        assertThat(attribute(dead, "RETRY_ATTEMPTS")).isEqualTo("0");
        assertThat(dead.messageAttributes()).doesNotContainKey("EXHAUSTED_RETRY_CONDITION");
    }

    @Test
    void describesBusesRulesAndTargetsAndTestsPatterns() {
        assertThat(client.listEventBuses(r -> { }).eventBuses()).extracting(b -> b.name())
                .containsExactly("default", "test-orders");
        assertThat(client.listRules(r -> r.eventBusName("test-orders")).rules()).extracting(r -> r.name())
                .contains("ShippedToFeedRule", "FlakyRule", "WorkflowRule", "NotifierFunctionNeedsAttention");
        assertThat(client.describeRule(r -> r.eventBusName("default").name("DisabledRule")).stateAsString())
                .isEqualTo("DISABLED");
        assertThat(client.listTargetsByRule(r -> r.eventBusName("test-orders").rule("FlakyRule")).targets().get(0)
                .retryPolicy().maximumRetryAttempts()).isEqualTo(2);
        assertThatThrownBy(() -> client.describeRule(r -> r.name("nope"))).isInstanceOf(ResourceNotFoundException.class);
        assertThat(client.testEventPattern(r -> r.eventPattern("{\"source\": [\"a\"]}")
                .event("{\"id\": \"1\", \"source\": \"a\", \"detail-type\": \"x\", \"account\": \"1\", "
                        + "\"time\": \"2026-01-01T00:00:00Z\", \"region\": \"us-east-1\", \"resources\": [], "
                        + "\"detail\": {}}")).result()).isTrue();
    }

    @Test
    void aDisabledRuleMatchesNothingUntilEnabled() {
        String run = "run-" + System.nanoTime();
        PutEventsRequestEntry.Builder anything = PutEventsRequestEntry.builder().eventBusName("default")
                .source("anything").detailType("Anything");
        client.putEvents(r -> r.entries(anything.detail("{\"marker\": \"before-" + run + "\"}").build()));
        client.enableRule(r -> r.name("DisabledRule"));
        try {
            assertThat(client.describeRule(r -> r.name("DisabledRule")).stateAsString()).isEqualTo("ENABLED");
            client.putEvents(r -> r.entries(anything.detail("{\"marker\": \"after-" + run + "\"}").build()));
            List<String> markers = new ArrayList<>();
            long end = System.nanoTime() + DEADLINE.toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(end, settle)) {
                for (Message message : sqsClient.receiveMessage(r -> r.queueUrl(queues.get("FeedQueue"))
                        .maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                    if (message.body().contains(run)) {
                        markers.add(Jsons.tree(message.body()).at("/detail/marker").asText());
                        sqsClient.deleteMessage(r -> r.queueUrl(queues.get("FeedQueue"))
                                .receiptHandle(message.receiptHandle()));
                    }
                }
                if (markers.contains("after-" + run) && settle == Long.MAX_VALUE) {
                    settle = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
            assertThat(markers).containsExactly("after-" + run);
        } finally {
            client.disableRule(r -> r.name("DisabledRule"));
        }
        assertThat(client.describeRule(r -> r.name("DisabledRule")).stateAsString()).isEqualTo("DISABLED");
        assertThatThrownBy(() -> client.enableRule(r -> r.name("NoSuchRule")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    private static String attribute(Message message, String name) {
        var value = message.messageAttributes().get(name);
        return value == null ? null : value.stringValue();
    }

    private static List<JsonNode> receive(String queueUrl, int expected, String containing) {
        List<JsonNode> found = new ArrayList<>();
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (found.size() < expected && System.nanoTime() < end) {
            for (Message message : sqsClient.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                if (message.body().contains(containing)) {
                    found.add(Jsons.tree(message.body()));
                    sqsClient.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                }
            }
        }
        return found;
    }

    private static Message receiveMessage(String queueUrl, String containing) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            for (Message message : sqsClient.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).messageAttributeNames("All")).messages()) {
                if (message.body().contains(containing)) {
                    sqsClient.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                    return message;
                }
            }
        }
        return null;
    }

    private static boolean pollFor(java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
