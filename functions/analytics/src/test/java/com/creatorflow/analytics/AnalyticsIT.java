package com.creatorflow.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.analytics.AnalyticsAggregates;
import com.creatorflow.shared.analytics.AnalyticsRebuilds;
import com.creatorflow.shared.analytics.AnalyticsReports;
import com.creatorflow.shared.analytics.AnalyticsService;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.rules.RuleSetStore;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AnalyticsIT {
    private final TestStack stack = TestStack.get();
    private final OrderRepository orders = OrderRepository.fromEnv(stack.env());
    private final AnalyticsService service = new AnalyticsService(stack.env().aws().dynamo(),
            stack.tables().get("AnalyticsTable"), orders);
    private final AnalyticsAggregates aggregates = new AnalyticsAggregates(stack.env().aws().dynamo(),
            stack.tables().get("AnalyticsTable"), orders, RuleSetStore.fromEnv(stack.env()));
    private final AnalyticsEventsHandler events = new AnalyticsEventsHandler(service, aggregates);
    private final String tenant = TestStack.tenant();

    @Test
    void countsEachEventOnceAndMeasuresAutomationAndTimeToShip() throws IOException {
        Order touchless = orders.create(Orders.sample(tenant), "system:test", "imported");
        Order touched = orders.create(Orders.sample(tenant), "system:test", "imported");
        send(touchless, null, "RECEIVED", 1, "2026-11-25T10:00:00Z");
        send(touchless, "RECEIVED", "READY", 2, "2026-11-25T11:00:00Z");
        send(touchless, "LABELED", "SHIPPED", 5, "2026-11-25T14:00:00Z");
        send(touchless, "LABELED", "SHIPPED", 5, "2026-11-25T14:00:00Z");
        send(touched, null, "RECEIVED", 1, "2026-11-25T10:00:00Z");
        send(touched, "READY", "NEEDS_ATTENTION", 3, "2026-11-25T12:00:00Z");
        send(touched, "LABELED", "SHIPPED", 6, "2026-11-26T10:00:00Z");

        AnalyticsService.Report report = service.report(tenant, "2026-11-25", "2026-11-26");
        assertThat(report.totals()).containsEntry("received", 2L).containsEntry("shipped", 2L)
                .containsEntry("needsAttention", 1L).containsEntry("shippedTouchless", 1L)
                .containsEntry("revenue_USD", 5667L);
        assertThat(report.automationRate()).isEqualTo(0.5);
        assertThat(report.averageHoursToShip()).isEqualTo((4.0 + 24.0) / 2);
        assertThat(report.days()).containsOnlyKeys("2026-11-25", "2026-11-26");
    }

    @Test
    void anOrderFirstStoredPastReceivedOrSeenFirstByALaterMoveCountsAsReceivedOnce() throws IOException {
        Order storedReady = orders.create(Orders.sample(tenant), "system:test", "imported");
        Order createdLate = orders.create(Orders.sample(tenant), "system:test", "imported");
        send(storedReady, null, "READY", 1, "2026-11-24T08:00:00Z");
        send(storedReady, null, "READY", 1, "2026-11-24T08:00:00Z");
        send(storedReady, "LABELED", "SHIPPED", 4, "2026-11-24T10:00:00Z");
        send(createdLate, "READY", "NEEDS_ATTENTION", 2, "2026-11-24T09:00:00Z");
        send(createdLate, null, "RECEIVED", 1, "2026-11-24T08:30:00Z");

        AnalyticsService.Report report = service.report(tenant, "2026-11-24", "2026-11-24");
        assertThat(report.totals()).containsEntry("received", 2L).containsEntry("shipped", 1L)
                .containsEntry("needsAttention", 1L).containsEntry("revenue_USD", 5667L);
        assertThat(report.averageHoursToShip()).as("from first appearance to shipment").isEqualTo(2.0);
    }

    @Test
    void theApiServesOnlyTheCallersFiguresAndNamesABadDate() throws IOException {
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        send(order, null, "RECEIVED", 1, "2026-11-10T10:00:00Z");
        AnalyticsApiHandler api = new AnalyticsApiHandler(service, new AnalyticsReports(aggregates,
                Clock.systemUTC()), new AnalyticsRebuilds(stack.env().aws().sqs(),
                stack.queues().get("AnalyticsEventsQueue")), stack.apiGuard());
        JsonNode mine = Json.tree(call(api, tenant, Map.of("from", "2026-11-01", "to", "2026-11-30")).getBody());
        assertThat(mine.at("/totals/received").asLong()).isEqualTo(1);
        JsonNode theirs = Json.tree(call(api, TestStack.tenant(), Map.of("from", "2026-11-01", "to", "2026-11-30"))
                .getBody());
        assertThat(theirs.get("totals")).isEmpty();
        APIGatewayV2HTTPResponse bad = call(api, tenant, Map.of("from", "November", "to", "2026-11-30"));
        assertThat(bad.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree(bad.getBody()).at("/errors/0/field").asText()).isEqualTo("from");
    }

    private APIGatewayV2HTTPResponse call(AnalyticsApiHandler api, String tenantId, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("analytics/get-analytics.json");
        event.setQueryStringParameters(query);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of("custom:tenant_id", tenantId, "sub", "u1"));
        return api.handleRequest(event, LocalLambdaContext.forTest("AnalyticsApi"));
    }

    @Test
    void aBatchIsCountedInOneGoAndRepeatsOrBrokenMessagesChangeNothing() throws IOException {
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        SQSEvent first = new SQSEvent();
        first.setRecords(List.of(message(event(order, null, "RECEIVED", 1, "2026-11-20T09:00:00Z")),
                message(event(order, "READY", "NEEDS_ATTENTION", 3, "2026-11-20T09:10:00Z")),
                message(event(order, "LABELED", "SHIPPED", 7, "2026-11-20T11:00:00Z")),
                message(event(order, "LABELED", "SHIPPED", 7, "2026-11-20T11:00:00Z")),
                message(event(order, "RESERVED", "LABELED", 6, "2026-11-20T10:59:00Z")),
                message("{\"detail\": {\"orderId\": \"no-tenant\"}}")));
        assertThat(events.handleRequest(first, LocalLambdaContext.forTest("AnalyticsEvents")).getBatchItemFailures())
                .isEmpty();
        SQSEvent again = new SQSEvent();
        again.setRecords(List.of(message(event(order, "LABELED", "SHIPPED", 7, "2026-11-20T11:00:00Z"))));
        events.handleRequest(again, LocalLambdaContext.forTest("AnalyticsEvents"));

        AnalyticsService.Report report = service.report(tenant, "2026-11-20", "2026-11-20");
        assertThat(report.totals()).containsEntry("received", 1L).containsEntry("needsAttention", 1L)
                .containsEntry("shipped", 1L).containsEntry("shippedWithTouch", 1L)
                .doesNotContainKey("shippedTouchless");
        assertThat(report.averageHoursToShip()).as("arrival and shipment in the same batch").isEqualTo(2.0);
    }

    @Test
    void theSampleEventIsCounted() {
        SQSEvent sample = EventLoader.loadSQSEvent("analytics/counted-order-events.json");
        String body = sample.getRecords().get(0).getBody().replace("tenant-demo", tenant);
        sample.getRecords().get(0).setBody(body);
        assertThat(events.handleRequest(sample, LocalLambdaContext.forTest("AnalyticsEvents")).getBatchItemFailures())
                .isEmpty();
        assertThat(service.report(tenant, "2026-11-25", "2026-11-25").totals()).containsEntry("shipped", 1L);
    }

    private ObjectNode event(Order order, String from, String to, long version, String at) throws IOException {
        ObjectNode event;
        try (InputStream in = getClass().getResourceAsStream("/analytics/order-status-changed.json")) {
            event = (ObjectNode) Json.MAPPER.readTree(in);
        }
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.put("tenantId", tenant).put("orderId", order.orderId()).put("version", version).put("at", at);
        if (from == null) {
            event.put("detail-type", "OrderCreated");
            detail.remove("from");
            detail.remove("to");
            detail.put("state", to);
        } else {
            detail.put("from", from).put("to", to);
        }
        return event;
    }

    private static SQSEvent.SQSMessage message(Object body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setBody(body instanceof String text ? text : Json.write(body));
        return message;
    }

    private void send(Order order, String from, String to, long version, String at) throws IOException {
        SQSEvent batch = new SQSEvent();
        batch.setRecords(List.of(message(event(order, from, to, version, at))));
        assertThat(events.handleRequest(batch, LocalLambdaContext.forTest("AnalyticsEvents")).getBatchItemFailures())
                .isEmpty();
    }
}
