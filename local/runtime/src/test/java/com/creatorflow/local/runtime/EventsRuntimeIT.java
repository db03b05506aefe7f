package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.OrderRepository;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The events side of the local runtime, end to end: PutEvents through the real SDK client to the template's rule
 * and its SQS target, domain events from a lifecycle transition (audit stream -> OrderEventsFunction -> bus ->
 * rule -> feed queue), and the creators' rules API behind the JWT authorizer. The live feed's function consumes the
 * feed queue; these tests pause its event source mapping (as UpdateEventSourceMapping would) and read the queue.
 */
class EventsRuntimeIT {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalRuntime runtime;
    private static EventBridgeClient events;
    private static SqsClient sqs;
    private static String feedQueue;
    private static String busName;

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.start(RuntimeOptions.forTests());
        events = EventBridgeClient.builder().endpointOverride(runtime.eventBridgeEndpoint())
                .region(Region.US_EAST_1).credentialsProvider(LocalClients.CREDENTIALS).build();
        sqs = LocalClients.sqs(runtime.sqsEndpoint());
        feedQueue = runtime.queues().get("OrderEventsFeedQueue");
        busName = runtime.functions().get("OrderEventsFunction").env().require("EVENT_BUS_NAME");
        runtime.setSqsEventSourcesEnabled("LiveFeedFunction", false);
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void putEventsThroughTheSdkReachesTheTemplatesRuleTarget() {
        String marker = "m-" + System.nanoTime();
        PutEventsResponse response = events.putEvents(r -> r.entries(e -> e.eventBusName(busName)
                .source("creatorflow.orders").detailType("OrderNoted").detail("{\"marker\": \"" + marker + "\"}"),
                e -> e.eventBusName(busName).source("creatorflow.other").detailType("Ignored")
                        .detail("{\"marker\": \"" + marker + "\"}")));
        assertThat(response.failedEntryCount()).isZero();
        List<JsonNode> delivered = collect(body -> body.at("/detail/marker").asText().equals(marker), 1);
        assertThat(delivered).singleElement().satisfies(event -> {
            assertThat(event.get("source").asText()).isEqualTo("creatorflow.orders");
            assertThat(event.get("detail-type").asText()).isEqualTo("OrderNoted");
        });
        assertThat(events.listRules(r -> r.eventBusName(busName)).rules()).extracting(rule -> rule.name())
                .contains("OrderEventsFeedRule");
    }

    @Test
    void aTransitionProducesExactlyOneOrderStatusChangedOnTheFeed() {
        String tenant = "tenant-" + System.nanoTime();
        OrderRepository orders = OrderRepository.fromEnv(runtime.functions().get("CreatorApiFunction").env());
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        orders.transition(order, OrderState.READY, "workflow:test", "validated");

        Predicate<JsonNode> thisOrder = body -> body.at("/detail/orderId").asText().equals(order.orderId());
        List<JsonNode> received = collect(thisOrder, 2);
        assertThat(received).extracting(event -> event.get("detail-type").asText())
                .containsExactlyInAnyOrder("OrderCreated", "OrderStatusChanged");
        JsonNode changed = received.stream()
                .filter(event -> event.get("detail-type").asText().equals("OrderStatusChanged")).findFirst()
                .orElseThrow();
        assertThat(changed.get("source").asText()).isEqualTo("creatorflow.orders");
        JsonNode detail = changed.get("detail");
        assertThat(detail.get("tenantId").asText()).isEqualTo(tenant);
        assertThat(detail.get("from").asText()).isEqualTo("RECEIVED");
        assertThat(detail.get("to").asText()).isEqualTo("READY");
        assertThat(detail.get("version").asLong()).isEqualTo(2);
        assertThat(detail.get("actor").asText()).isEqualTo("workflow:test");
        assertThat(collect(thisOrder, 1, Duration.ofSeconds(2))).as("nothing more for this order").isEmpty();
    }

    @Test
    void theRulesApiRefusesABadPatternAndDryRunsASample() throws Exception {
        String token = token("tenant-" + System.nanoTime());
        HttpResponse<String> refused = send("PUT", "/v1/rules", token, """
                {"rules": [{"id": "big", "name": "big orders", "priority": 1,
                  "pattern": {"total": [{"numeric": [">", "a lot"]}]}, "actions": [{"type": "addTag", "tag": "big"}]}]}""");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("rules[0].pattern").contains("rule 'big'");

        HttpResponse<String> saved = send("PUT", "/v1/rules", token, """
                {"rules": [{"id": "big", "name": "big orders", "priority": 1,
                  "pattern": {"total": [{"numeric": [">", 50]}]}, "actions": [{"type": "holdForReview", "reason": "big"}]}]}""");
        assertThat(saved.statusCode()).isEqualTo(201);
        HttpResponse<String> dryRun = send("POST", "/v1/rules/dry-run", token,
                "{\"order\": " + Json.write(Orders.sample("ignored")) + "}");
        assertThat(dryRun.statusCode()).isEqualTo(200);
        assertThat(Json.tree(dryRun.body()).at("/decision/outcome/hold").asBoolean()).isTrue();
    }

    private static List<JsonNode> collect(Predicate<JsonNode> wanted, int expected) {
        return collect(wanted, expected, DEADLINE);
    }

    /** Receives from the feed queue until {@code expected} wanted messages came or the time is up. */
    private static List<JsonNode> collect(Predicate<JsonNode> wanted, int expected, Duration within) {
        List<JsonNode> found = new ArrayList<>();
        long end = System.nanoTime() + within.toNanos();
        while (found.size() < expected && System.nanoTime() < end) {
            for (Message message : sqs.receiveMessage(r -> r.queueUrl(feedQueue).maxNumberOfMessages(10)
                    .waitTimeSeconds(1).visibilityTimeout(1)).messages()) {
                JsonNode body = Json.tree(message.body());
                if (wanted.test(body)) {
                    found.add(body);
                    sqs.deleteMessage(r -> r.queueUrl(feedQueue).receiptHandle(message.receiptHandle()));
                }
            }
        }
        return found;
    }

    private static String token(String tenant) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url("/local/token"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenantId\":\"" + tenant + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.tree(response.body()).get("token").asText();
    }

    private static HttpResponse<String> send(String method, String path, String token, String body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(String path) {
        return runtime.baseUrl().resolve(path);
    }
}
