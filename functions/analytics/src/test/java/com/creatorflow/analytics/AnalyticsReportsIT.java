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
import com.creatorflow.shared.analytics.domain.DurationHistogram;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.LineItem;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.rules.RuleSet;
import com.creatorflow.shared.rules.RuleSetStore;
import com.creatorflow.shared.store.OrderEvents;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.AuditRecord;
import com.creatorflow.shared.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The reports' aggregates on the local DynamoDB and SQS: exact once per order, by time zone, API, rebuild. */
class AnalyticsReportsIT {
    private static final String ZONE = "Asia/Tokyo";

    private final TestStack stack = TestStack.get();
    private final OrderRepository orders = OrderRepository.fromEnv(stack.env());
    private final RuleSetStore rules = RuleSetStore.fromEnv(stack.env());
    private final String table = stack.tables().get("AnalyticsTable");
    private final AnalyticsAggregates aggregates = new AnalyticsAggregates(stack.env().aws().dynamo(), table, orders,
            rules);
    private final AnalyticsEventsHandler events = new AnalyticsEventsHandler(new AnalyticsService(
            stack.env().aws().dynamo(), table, orders), aggregates);
    private final AnalyticsApiHandler api = new AnalyticsApiHandler(new AnalyticsService(stack.env().aws().dynamo(),
            table, orders), new AnalyticsReports(aggregates, Clock.systemUTC()), new AnalyticsRebuilds(
            stack.env().aws().sqs(), stack.queues().get("AnalyticsEventsQueue")), stack.apiGuard());
    private final String tenant = TestStack.tenant();

    @Test
    void eachOrderCountsOnceWhateverTheReplaysAndLandsOnTheCreatorsLocalDayAndHour() {
        rules.saveNext(new RuleSet(tenant, 0, ZONE, List.of(), null, null), "user:test", null, Instant.now());
        Order shipped = shipped(orders.create(Orders.sample(tenant), "system:tiktok-sync", "imported"));
        Order held = orders.transition(orders.create(Orders.sample(tenant), "system:tiktok-sync", "imported"),
                OrderState.NEEDS_ATTENTION, "workflow:ValidateOrder", "address incomplete");
        Order cancelled = orders.transition(held, OrderState.CANCELLED, "workflow:cancel-order:SELLER",
                "creator cancelled", Map.of("initiator", "SELLER"), b -> b);
        deliver(List.of(shipped, cancelled));
        deliver(List.of(shipped, cancelled, shipped));

        String day = LocalDate.now(ZoneId.of(ZONE)).toString();
        JsonNode report = get("/v1/analytics/reports", Map.of("from", day, "to", day, "groupBy", "sku"));
        assertThat(report.get("timeZone").asText()).isEqualTo(ZONE);
        assertThat(report.get("rows")).extracting(row -> row.get("key").asText() + "=" + row.get("units").asLong()
                + "/" + row.at("/revenue/amount").asText()).containsExactly("STICKER-01=2/15.00", "TEE-BLK-M=4/79.96");
        assertThat(report.at("/cancellations/SELLER").asLong()).isEqualTo(1);
        assertThat(report.at("/automation/manualInterventions/ValidateOrder").asLong()).isEqualTo(1);
        assertThat(report.at("/automation/rate").asDouble()).isEqualTo(1.0);
        assertThat(report.at("/fulfilment/paidToShipped/count").asLong()).isEqualTo(1);
        long exact = Duration.between(shipped.paidAt(), orders.history(tenant, shipped.orderId()).stream()
                .filter(e -> "SHIPPED".equals(e.to())).findFirst().orElseThrow().at()).toSeconds();
        assertThat((double) report.at("/fulfilment/paidToShipped/p50Seconds").asLong())
                .as("within the histogram's 5%").isBetween(exact * 0.95, exact * 1.05);

        JsonNode byDay = get("/v1/analytics/reports", Map.of("from", day, "to", day, "groupBy", "day"));
        assertThat(byDay.at("/rows/0/orders").asLong()).isEqualTo(2);
        assertThat(byDay.at("/rows/0/cancelled").asLong()).isEqualTo(1);
        assertThat(byDay.at("/rows/0/carrierCost/amount").asText()).isEqualTo("6.40");
        JsonNode byHour = get("/v1/analytics/reports", Map.of("from", day, "to", day, "groupBy", "hour"));
        assertThat(byHour.at("/rows/0/key").asText()).isEqualTo(shipped.createdAt().atZone(ZoneId.of(ZONE))
                .toLocalDateTime().toString().substring(0, 13));
        JsonNode carriers = get("/v1/analytics/reports", Map.of("from", day, "to", day, "groupBy", "carrier"));
        assertThat(carriers.get("rows")).extracting(row -> row.get("key").asText()).containsExactly("none", "usps");
        JsonNode today = get("/v1/analytics/today", Map.of());
        assertThat(today.get("orders").asLong()).isEqualTo(2);
        assertThat(today.get("shipped").asLong()).isEqualTo(1);
    }

    @Test
    void theCsvExportHasAHeaderAndOneLinePerRowAndNeutralisesFormulas() {
        LineItem tee = Orders.sample(tenant).lines().getFirst();
        Order order = orders.create(Orders.sample(tenant).toBuilder().lines(List.of(new LineItem("=HYPERLINK(1)",
                tee.productId(), tee.productName(), tee.skuName(), tee.quantity(), tee.unitPrice(),
                tee.tiktokLineIds()))).build(), "system:tiktok-sync", "imported");
        deliver(List.of(order));
        String day = LocalDate.now(ZoneId.of("UTC")).toString();
        APIGatewayV2HTTPResponse csv = call("/v1/analytics/reports", Map.of("from", day, "to", day, "groupBy", "sku",
                "format", "csv"), tenant);
        assertThat(csv.getHeaders()).containsEntry("Content-Type", "text/csv; charset=utf-8");
        assertThat(csv.getBody().lines().toList()).containsExactly(
                "key,orders,units,revenue,currency,cancelled,returned,shipped,slaBreaches,labelled,carrierCost",
                "\"'=HYPERLINK(1)\",1,2,39.98,USD,0,0,0,0,0,0.00");
    }

    @Test
    void badParametersAreA400NamingTheFieldAndAnotherTenantSeesNothing() {
        deliver(List.of(orders.create(Orders.sample(tenant), "system:tiktok-sync", "imported")));
        String day = LocalDate.now(ZoneId.of("UTC")).toString();
        assertThat(problemField(Map.of("from", day, "to", day, "groupBy", "week"))).isEqualTo("groupBy");
        assertThat(problemField(Map.of("to", day))).isEqualTo("from");
        assertThat(problemField(Map.of("from", day, "to", "yesterday"))).isEqualTo("to");
        assertThat(problemField(Map.of("from", day, "to", "2020-01-01"))).isEqualTo("to");
        assertThat(problemField(Map.of("from", day, "to", day, "format", "xml"))).isEqualTo("format");
        JsonNode theirs = Json.tree(call("/v1/analytics/reports", Map.of("from", day, "to", day),
                TestStack.tenant()).getBody());
        assertThat(theirs.at("/rows/0/orders").asLong()).isZero();
    }

    @Test
    void aRebuildRestoresADamagedDayWhileEventsKeepArriving() throws Exception {
        List<Order> made = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            made.add(orders.create(Orders.sample(tenant), "system:tiktok-sync", "imported"));
        }
        deliver(made);
        String day = LocalDate.now(ZoneId.of("UTC")).toString();
        JsonNode before = get("/v1/analytics/reports", Map.of("from", day, "to", day, "groupBy", "state"));
        var dynamo = stack.env().aws().dynamo();
        dynamo.updateItem(u -> u.tableName(table).key(key("agg#" + day)).updateExpression("ADD #o :n")
                .expressionAttributeNames(Map.of("#o", "state|RECEIVED|orders"))
                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("7"))));
        dynamo.deleteItem(d -> d.tableName(table).key(key("contrib#" + made.getFirst().orderId())));
        assertThat(get("/v1/analytics/reports", Map.of("from", day, "to", day, "groupBy", "state")))
                .isNotEqualTo(before);

        Thread replays = Thread.ofVirtual().start(() -> {
            for (int round = 0; round < 5; round++) {
                deliver(made.subList(1, made.size()));
            }
        });
        APIGatewayV2HTTPResponse asked = post("/v1/analytics/rebuild", "{\"from\":\"" + day + "\",\"to\":\""
                + day + "\"}");
        assertThat(asked.getStatusCode()).isEqualTo(202);
        assertThat(Json.tree(asked.getBody()).get("days")).extracting(JsonNode::asText).containsExactly(day);
        SQSEvent queued = new SQSEvent();
        var received = stack.env().aws().sqs().receiveMessage(r -> r.queueUrl(stack.queues()
                .get("AnalyticsEventsQueue")).maxNumberOfMessages(10)).messages();
        List<SQSEvent.SQSMessage> mine = new ArrayList<>();
        received.stream().filter(m -> m.body().contains(tenant)).forEach(m -> {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(m.messageId());
            message.setBody(m.body());
            mine.add(message);
        });
        assertThat(mine).hasSize(1);
        queued.setRecords(mine);
        assertThat(events.handleRequest(queued, LocalLambdaContext.forTest("AnalyticsEvents"))
                .getBatchItemFailures()).isEmpty();
        replays.join();
        assertThat(get("/v1/analytics/reports", Map.of("from", day, "to", day, "groupBy", "state")))
                .isEqualTo(before);
    }

    @Test
    void onlyAnOwnerMayRebuild() {
        APIGatewayV2HTTPEvent event = event("/v1/analytics/rebuild", Map.of(), tenant);
        event.getRequestContext().getHttp().setMethod("POST");
        event.setRouteKey("POST /v1/analytics/rebuild");
        event.setBody("{\"from\":\"2026-12-01\",\"to\":\"2026-12-01\"}");
        event.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of("custom:tenant_id", tenant, "sub", "u2",
                "role", "viewer"));
        assertThat(api.handleRequest(event, LocalLambdaContext.forTest("AnalyticsApi")).getStatusCode())
                .isEqualTo(403);
    }

    @Test
    void histogramPercentilesStayWithinFivePercentOfTheExactValue() {
        for (long seconds = 1; seconds < 5_000_000; seconds = seconds * 3 / 2 + 1) {
            long reported = DurationHistogram.representative(DurationHistogram.bucket(seconds));
            assertThat((double) reported).as("%d s", seconds).isBetween(seconds * 0.95 - 1, seconds * 1.05 + 1);
        }
    }

    /** A labelled (USPS, 6.40 USD) and shipped order, as the shipping and sync steps write them. */
    private Order shipped(Order received) {
        Order ready = orders.transition(received, OrderState.READY, "workflow:validate", "validated");
        Order reserved = orders.transition(ready, OrderState.RESERVED, "workflow:inventory", "reserved");
        Order labelled = orders.transition(reserved, OrderState.LABELED, "workflow:shipping", "label bought",
                Map.of("carrier", "usps", "cost", "6.40 USD"), b -> b.packages(List.of(new ShipmentPackage(
                        received.orderId() + "-1", List.of("5770001"), "LABELED", "usps", "Priority", "9400"
                        + Math.abs(received.orderId().hashCode()), null, null))));
        return orders.transition(labelled, OrderState.SHIPPED, "system:tiktok-outbound", "pushed");
    }

    /** Every event of these orders' trails, as the bus delivers them to the analytics queue, in one batch. */
    private void deliver(List<Order> delivered) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (Order order : delivered) {
            for (AuditRecord entry : orders.history(tenant, order.orderId())) {
                OrderEvents.fromAudit(entry).forEach(event -> {
                    Map<String, Object> envelope = new HashMap<>();
                    envelope.put("source", event.source());
                    envelope.put("detail-type", event.detailType());
                    envelope.put("detail", event.detail());
                    SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
                    message.setMessageId(UUID.randomUUID().toString());
                    message.setBody(Json.write(envelope));
                    messages.add(message);
                });
            }
        }
        for (int i = 0; i < messages.size(); i += 10) {
            SQSEvent batch = new SQSEvent();
            batch.setRecords(messages.subList(i, Math.min(messages.size(), i + 10)));
            assertThat(events.handleRequest(batch, LocalLambdaContext.forTest("AnalyticsEvents"))
                    .getBatchItemFailures()).isEmpty();
        }
    }

    private String problemField(Map<String, String> query) {
        APIGatewayV2HTTPResponse response = call("/v1/analytics/reports", query, tenant);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getHeaders().get("Content-Type")).startsWith("application/problem+json");
        return Json.tree(response.getBody()).at("/errors/0/field").asText();
    }

    private JsonNode get(String path, Map<String, String> query) {
        APIGatewayV2HTTPResponse response = call(path, query, tenant);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return Json.tree(response.getBody());
    }

    private APIGatewayV2HTTPResponse post(String path, String body) {
        APIGatewayV2HTTPEvent event = event(path, Map.of(), tenant);
        event.getRequestContext().getHttp().setMethod("POST");
        event.setRouteKey("POST " + path);
        event.setBody(body);
        return api.handleRequest(event, LocalLambdaContext.forTest("AnalyticsApi"));
    }

    private APIGatewayV2HTTPResponse call(String path, Map<String, String> query, String tenantId) {
        return api.handleRequest(event(path, query, tenantId), LocalLambdaContext.forTest("AnalyticsApi"));
    }

    private APIGatewayV2HTTPEvent event(String path, Map<String, String> query, String tenantId) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("analytics/get-analytics.json");
        event.setRouteKey("GET " + path);
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        event.setQueryStringParameters(query);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of("custom:tenant_id", tenantId, "sub",
                "u1"));
        return event;
    }

    private Map<String, AttributeValue> key(String sk) {
        return Map.of("tenantId", AttributeValue.fromS(tenant), "sk", AttributeValue.fromS(sk));
    }
}
