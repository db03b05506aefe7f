package com.creatorflow.orderevents;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.creatorflow.local.events.EventDelivery;
import com.creatorflow.local.events.EventRouter;
import com.creatorflow.local.events.LocalEventBridge;
import com.creatorflow.local.events.StateMachineTarget;
import com.creatorflow.local.events.TemplateRules;
import com.creatorflow.local.events.Targets;
import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.FreePorts;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.local.stack.LocalResolver;
import com.creatorflow.local.stack.LocalSqs;
import com.creatorflow.shared.events.EventBridgePublisher;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The audit stream's records become events on the bus, delivered by the template's feed rule (disabled in the
 * template until the dashboard consumes its queue, enabled here to observe the events).
 */
class OrderEventsHandlerIT {
    private static final TestStack STACK = TestStack.get();
    private static LocalEventBridge bus;
    private static String busName;

    @BeforeAll
    static void startBus() {
        LocalResolver resolver = new LocalResolver(CfnTemplate.project(), LocalClients.REGION, STACK.sqs().endpoint(),
                Map.of());
        TemplateRules rules = new TemplateRules(resolver);
        EventDelivery delivery = new EventDelivery(new Targets((arn, payload) -> { },
                LocalClients.sqs(STACK.sqs().endpoint()), StateMachineTarget.none()), EventDelivery.Options.DEFAULTS);
        EventRouter router = new EventRouter(rules.busNames(), rules.rules(), delivery, LocalClients.REGION,
                LocalSqs.ACCOUNT_ID);
        busName = rules.busNames().stream().filter(name -> !name.equals("default")).findFirst().orElseThrow();
        router.setEnabled(busName, "OrderEventsFeedRule", true);
        bus = LocalEventBridge.start(0, router, delivery);
    }

    @AfterAll
    static void stopBus() {
        bus.close();
    }

    private static EventBridgePublisher publisher(URI endpoint) {
        return new EventBridgePublisher(EventBridgeClient.builder().endpointOverride(endpoint)
                .region(Region.US_EAST_1).credentialsProvider(LocalClients.CREDENTIALS)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build(), busName);
    }

    private static DynamodbEvent sample(String tenant) {
        DynamodbEvent event = EventLoader.loadDynamoDbEvent("order-events/audit-stream.json");
        event.getRecords().forEach(record -> record.getDynamodb().getNewImage().put("orderKey",
                new AttributeValue().withS(tenant + "#576461413038785752")));
        return event;
    }

    @Test
    void publishesCreatedAndStatusChangedEventsThatTheFeedRuleDelivers() {
        String tenant = TestStack.tenant();
        StreamsEventResponse response = new OrderEventsHandler(publisher(bus.endpoint()))
                .handleRequest(sample(tenant), LocalLambdaContext.forTest("OrderEventsFunction"));
        assertThat(response.getBatchItemFailures()).isEmpty();

        List<JsonNode> feed = receiveFeed(tenant, 2);
        assertThat(feed).extracting(event -> event.get("detail-type").asText())
                .containsExactlyInAnyOrder("OrderCreated", "OrderStatusChanged");
        JsonNode changed = feed.stream().filter(e -> e.get("detail-type").asText().equals("OrderStatusChanged"))
                .findFirst().orElseThrow().get("detail");
        assertThat(changed.get("from").asText()).isEqualTo("RECEIVED");
        assertThat(changed.get("to").asText()).isEqualTo("READY");
        assertThat(changed.get("version").asLong()).isEqualTo(2);
        assertThat(changed.get("eventId").asText()).isEqualTo(tenant + "#576461413038785752#2");
    }

    @Test
    void whenTheBusIsUnreachableTheFirstRecordIsReportedSoNothingIsSkipped() {
        URI nowhere = URI.create("http://127.0.0.1:" + FreePorts.pick());
        StreamsEventResponse response = new OrderEventsHandler(publisher(nowhere))
                .handleRequest(sample(TestStack.tenant()), LocalLambdaContext.forTest("OrderEventsFunction"));
        assertThat(response.getBatchItemFailures()).singleElement()
                .satisfies(failure -> assertThat(failure.getItemIdentifier()).isEqualTo("111100000000000000001"));
    }

    private static List<JsonNode> receiveFeed(String tenant, int expected) {
        String queue = STACK.queues().get("OrderEventsFeedQueue");
        List<JsonNode> found = new ArrayList<>();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (found.size() < expected && System.nanoTime() < end) {
            for (Message message : STACK.env().aws().sqs().receiveMessage(r -> r.queueUrl(queue)
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                JsonNode body = Json.tree(message.body());
                if (body.at("/detail/tenantId").asText().equals(tenant)) {
                    found.add(body);
                    STACK.env().aws().sqs().deleteMessage(r -> r.queueUrl(queue)
                            .receiptHandle(message.receiptHandle()));
                }
            }
        }
        return found;
    }
}
