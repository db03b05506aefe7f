package com.creatorflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.RateLimiter;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.team.TeamMembers;
import com.creatorflow.shared.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreatorApiHandlerIT {
    private final TestStack stack = TestStack.get();
    private final OrderRepository orders = OrderRepository.fromEnv(stack.env());
    private final CreatorApiHandler handler = new CreatorApiHandler(orders, null, null, null, null, stack.apiGuard());
    private final String tenant = TestStack.tenant();

    @Test
    void readsAnOrderOfTheCallersTenant() {
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        APIGatewayV2HTTPResponse response = call("creator-api/get-order.json", tenant, order.orderId());
        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode body = Json.tree(response.getBody());
        assertThat(body.get("orderId").asText()).isEqualTo(order.orderId());
        assertThat(body.get("state").asText()).isEqualTo("RECEIVED");
    }

    @Test
    void anotherTenantsOrderIsNotFoundWithAProblemBody() {
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        APIGatewayV2HTTPResponse response = call("creator-api/get-order.json", TestStack.tenant(), order.orderId());
        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(Json.tree(response.getBody()).get("title").asText()).isEqualTo("OrderNotFound");
    }

    @Test
    void listsByStateAndRefusesAnUnknownStateNamingTheField() {
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        orders.transition(order, OrderState.READY, "workflow:test", "validated");
        APIGatewayV2HTTPResponse ok = call("creator-api/list-orders.json", tenant, null);
        assertThat(Json.tree(ok.getBody()).get("items")).hasSize(1);

        APIGatewayV2HTTPEvent bad = event("creator-api/list-orders.json", tenant, null);
        bad.setQueryStringParameters(Map.of("state", "TELEPORTED"));
        APIGatewayV2HTTPResponse refused = handler.handleRequest(bad, LocalLambdaContext.forTest("CreatorApi"));
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree(refused.getBody()).at("/errors/0/field").asText()).isEqualTo("state");
    }

    @Test
    void searchesBySkuTagOrderIdAndUpdatedTime() {
        Order tee = orders.create(Orders.sample(tenant), "system:test", "imported");
        Order other = orders.create(Orders.sample(tenant).toBuilder().tags(java.util.Set.of("wholesale"))
                .lines(java.util.List.of(tee.lines().get(1))).build(), "system:test", "imported");
        assertThat(ids(Map.of("sku", "TEE-BLK-M"))).containsExactly(tee.orderId());
        assertThat(ids(Map.of("sku", "STICKER-01"))).containsExactlyInAnyOrder(tee.orderId(), other.orderId());
        assertThat(ids(Map.of("tag", "wholesale"))).containsExactly(other.orderId());
        assertThat(ids(Map.of("q", other.orderId()))).containsExactly(other.orderId());
        assertThat(ids(Map.of("updatedFrom", "2099-01-01T00:00:00Z"))).isEmpty();
        APIGatewayV2HTTPEvent bad = event("creator-api/list-orders.json", tenant, null);
        bad.setQueryStringParameters(Map.of("updatedFrom", "yesterday"));
        assertThat(Json.tree(handler.handleRequest(bad, LocalLambdaContext.forTest("CreatorApi")).getBody())
                .at("/errors/0/field").asText()).isEqualTo("updatedFrom");
    }

    private java.util.List<String> ids(Map<String, String> query) {
        APIGatewayV2HTTPEvent event = event("creator-api/list-orders.json", tenant, null);
        event.setQueryStringParameters(query);
        JsonNode items = Json.tree(handler.handleRequest(event, LocalLambdaContext.forTest("CreatorApi")).getBody())
                .get("items");
        java.util.List<String> ids = new java.util.ArrayList<>();
        items.forEach(item -> ids.add(item.get("orderId").asText()));
        return ids;
    }

    @Test
    void showsTheAuditTrailWithItsVerification() {
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        orders.transition(order, OrderState.READY, "workflow:test", "validated");
        JsonNode body = Json.tree(call("creator-api/get-order-audit.json", tenant, order.orderId()).getBody());
        assertThat(body.get("entries")).hasSize(2);
        assertThat(body.at("/verification/problems")).isEmpty();
    }

    @Test
    void markingShippedNeedsALabelThenTagsAndAuditsTheOrderOnce() {
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        APIGatewayV2HTTPResponse early = call("creator-api/mark-shipped.json", tenant, order.orderId());
        assertThat(early.getStatusCode()).isEqualTo(409);
        assertThat(Json.tree(early.getBody()).get("title").asText()).isEqualTo("IllegalTransition");
        Order labelled = orders.transition(orders.transition(orders.transition(order, OrderState.READY, "workflow:test",
                "validated"), OrderState.RESERVED, "workflow:test", "reserved"), OrderState.LABELED, "workflow:test",
                "labelled");
        for (int i = 0; i < 2; i++) {
            APIGatewayV2HTTPResponse marked = call("creator-api/mark-shipped.json", tenant, order.orderId());
            assertThat(marked.getStatusCode()).isEqualTo(200);
            assertThat(Json.tree(marked.getBody()).get("tags").toString()).contains("handed-over");
        }
        Order after = orders.get(tenant, order.orderId());
        assertThat(after.state()).isEqualTo(OrderState.LABELED);
        assertThat(after.version()).isEqualTo(labelled.version() + 1);
        assertThat(orders.history(tenant, order.orderId()).getLast().action()).isEqualTo("HANDED_OVER");
    }

    @Test
    void aTokenWithoutTenantIsForbidden() {
        APIGatewayV2HTTPEvent event = event("creator-api/get-order.json", tenant, "1");
        event.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of("sub", "someone"));
        assertThat(handler.handleRequest(event, LocalLambdaContext.forTest("CreatorApi")).getStatusCode())
                .isEqualTo(403);
    }

    @Test
    void aTenantOverItsLimitGets429WithRetryAfterAndOthersDoNot() {
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        Clock frozen = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
        CreatorApiHandler limited = new CreatorApiHandler(orders, null, null, null, null, new ApiGuard(new RateLimiter(
                stack.env().aws().dynamo(), stack.tables().get("RateLimitTable"), 1000, 3, frozen),
                TeamMembers.fromEnv(stack.env())));
        for (int i = 0; i < 3; i++) {
            assertThat(limited.handleRequest(event("creator-api/get-order.json", tenant, order.orderId()),
                    LocalLambdaContext.forTest("CreatorApi")).getStatusCode()).isEqualTo(200);
        }
        APIGatewayV2HTTPResponse refused = limited.handleRequest(event("creator-api/get-order.json", tenant,
                order.orderId()), LocalLambdaContext.forTest("CreatorApi"));
        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(refused.getHeaders()).containsEntry("Retry-After", "1")
                .containsEntry("Content-Type", "application/problem+json");
        assertThat(limited.handleRequest(event("creator-api/get-order.json", TestStack.tenant(), order.orderId()),
                LocalLambdaContext.forTest("CreatorApi")).getStatusCode()).isEqualTo(404);
    }

    @Test
    void anOrderCarriesItsVersionAsETagAndAStaleIfMatchOnCancelIs412() {
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        APIGatewayV2HTTPResponse read = call("creator-api/get-order.json", tenant, order.orderId());
        assertThat(read.getHeaders()).containsEntry("ETag", "\"1\"");
        orders.transition(order, OrderState.READY, "workflow:test", "validated");
        assertThat(call("creator-api/get-order.json", tenant, order.orderId()).getHeaders())
                .containsEntry("ETag", "\"2\"");

        APIGatewayV2HTTPEvent cancel = event("creator-api/get-order.json", tenant, order.orderId());
        cancel.setRouteKey("POST /v1/orders/{orderId}/cancel");
        cancel.setHeaders(Map.of("if-match", read.getHeaders().get("ETag")));
        cancel.setBody("{\"reason\": \"buyer asked\"}");
        APIGatewayV2HTTPResponse refused = handler.handleRequest(cancel, LocalLambdaContext.forTest("CreatorApi"));
        assertThat(refused.getStatusCode()).isEqualTo(412);
        assertThat(refused.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        JsonNode problem = Json.tree(refused.getBody());
        assertThat(problem.get("title").asText()).isEqualTo("PreconditionFailed");
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("If-Match");
        assertThat(orders.get(tenant, order.orderId()).state()).isEqualTo(OrderState.READY);
    }

    @Test
    void anUnknownBodyFieldIs400NamingItAndAnOversizedBodyIs413() {
        APIGatewayV2HTTPEvent bulk = event("creator-api/get-order.json", tenant, null);
        bulk.setRouteKey("POST /v1/bulk-actions");
        bulk.setBody("{\"action\": \"CANCEL\", \"orderIds\": [\"1\"], \"reasn\": \"typo\"}");
        APIGatewayV2HTTPResponse unknown = handler.handleRequest(bulk, LocalLambdaContext.forTest("CreatorApi"));
        assertThat(unknown.getStatusCode()).isEqualTo(400);
        JsonNode problem = Json.tree(unknown.getBody());
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("reasn");
        assertThat(problem.get("detail").asText()).contains("action, clientToken, filter, orderIds, reason, tags");

        bulk.setBody("{\"action\": \"CANCEL\", \"orderIds\": [\"1\"], \"reason\": \"" + "x".repeat(1_500_000)
                + "\"}");
        APIGatewayV2HTTPResponse tooLarge = handler.handleRequest(bulk, LocalLambdaContext.forTest("CreatorApi"));
        assertThat(tooLarge.getStatusCode()).isEqualTo(413);
        assertThat(tooLarge.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(Json.tree(tooLarge.getBody()).get("title").asText()).isEqualTo("PayloadTooLarge");
    }

    @Test
    void listsByTrackingBuyerCarrierStatusAndSortFromQueryParameters() {
        Order shipped = orders.create(Orders.sample(tenant).toBuilder().packages(java.util.List.of(
                new com.creatorflow.shared.order.ShipmentPackage("P1", java.util.List.of(), "LABELED", "USPS",
                        "GROUND", "9400111899223197428490", null, null))).build(), "system:test", "imported");
        Order other = orders.create(Orders.sample(tenant), "system:test", "imported");
        assertThat(ids(Map.of("tracking", "9400 1118 9922 3197 4284 90"))).containsExactly(shipped.orderId());
        assertThat(ids(Map.of("buyer", "jamie rivera"))).containsExactlyInAnyOrder(shipped.orderId(),
                other.orderId());
        assertThat(ids(Map.of("carrier", "USPS"))).containsExactly(shipped.orderId());
        assertThat(ids(Map.of("sort", "created"))).containsExactly(other.orderId(), shipped.orderId());
        assertThat(ids(Map.of("needsAttention", "true"))).isEmpty();
        assertThat(ids(Map.of("tiktokStatus", "AWAITING_SHIPMENT", "createdFrom", "2020-01-01T00:00:00Z")))
                .hasSize(2);
        for (String field : java.util.List.of("tiktokStatus", "sort", "needsAttention", "paidFrom")) {
            APIGatewayV2HTTPEvent bad = event("creator-api/list-orders.json", tenant, null);
            bad.setQueryStringParameters(Map.of(field, "sometimes"));
            APIGatewayV2HTTPResponse refused = handler.handleRequest(bad, LocalLambdaContext.forTest("CreatorApi"));
            assertThat(refused.getStatusCode()).isEqualTo(400);
            assertThat(Json.tree(refused.getBody()).at("/errors/0/field").asText()).isEqualTo(field);
        }
    }

    private APIGatewayV2HTTPResponse call(String fixture, String tenantId, String orderId) {
        return handler.handleRequest(event(fixture, tenantId, orderId), LocalLambdaContext.forTest("CreatorApi"));
    }

    private static APIGatewayV2HTTPEvent event(String fixture, String tenantId, String orderId) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(fixture);
        Map<String, String> claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("custom:tenant_id", tenantId);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        if (orderId != null) {
            event.setPathParameters(Map.of("orderId", orderId));
        }
        return event;
    }
}
