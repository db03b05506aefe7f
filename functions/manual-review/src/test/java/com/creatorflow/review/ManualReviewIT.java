package com.creatorflow.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.review.ReviewRepository;
import com.creatorflow.shared.review.ReviewService;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.AuditRecord;
import com.creatorflow.shared.testing.Tasks;
import com.creatorflow.shared.testing.TestStack;
import com.creatorflow.shared.workflow.TaskTokens;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ManualReviewIT {
    private final TestStack stack = TestStack.get();
    private final OrderRepository orders = OrderRepository.fromEnv(stack.env());
    private final RecordingTokens tokens = new RecordingTokens();
    private final ReviewService service = new ReviewService(orders,
            new ReviewRepository(stack.env().aws().dynamo(), stack.tables().get("ReviewsTable")), tokens,
            Clock.systemUTC());
    private final RequestReviewHandler step = new RequestReviewHandler(service);
    private final ReviewApiHandler api = new ReviewApiHandler(service, null, stack.apiGuard());
    private final String tenant = TestStack.tenant();

    @Test
    void aFailedStepQueuesTheOrderAndAnApprovalResumesTheWorkflow() throws IOException {
        Order order = readyOrder();
        Tasks.invoke(step, request(order, "token-1"));

        Order waiting = orders.get(tenant, order.orderId());
        assertThat(waiting.state()).isEqualTo(OrderState.NEEDS_ATTENTION);
        assertThat(waiting.attentionReason()).isEqualTo("only 1 of TEE-BLK-M available, 2 needed");
        JsonNode queue = Json.tree(call(EventLoader.loadApiGatewayHttpEvent("manual-review/list-reviews.json"))
                .getBody());
        assertThat(queue.get("items")).hasSize(1);
        assertThat(queue.at("/items/0/failedStep").asText()).isEqualTo("ReserveInventory");
        assertThat(queue.toString()).doesNotContain("token-1");

        APIGatewayV2HTTPResponse decided = call(decision(order, "{\"decision\":\"APPROVE\",\"note\":\"recounted\"}"));
        assertThat(decided.getStatusCode()).isEqualTo(200);
        assertThat(Json.tree(tokens.succeeded.get("token-1")).get("decision").asText()).isEqualTo("APPROVE");
        assertThat(orders.history(tenant, order.orderId())).extracting(AuditRecord::action)
                .endsWith("REVIEW_DECIDED");

        APIGatewayV2HTTPResponse again = call(decision(order, "{\"decision\":\"APPROVE\"}"));
        assertThat(again.getStatusCode()).isEqualTo(404);
    }

    @Test
    void aReminderKeepsTheEpisodeAndCountsIt() throws IOException {
        Order order = readyOrder();
        Tasks.invoke(step, request(order, "token-1"));
        ObjectNode reminder = request(order, "token-2");
        reminder.put("reminder", true);
        Tasks.invoke(step, reminder);
        JsonNode queue = Json.tree(call(EventLoader.loadApiGatewayHttpEvent("manual-review/list-reviews.json"))
                .getBody());
        assertThat(queue.at("/items/0/reminders").asInt()).isEqualTo(1);
        call(decision(order, "{\"decision\":\"RETRY\"}"));
        assertThat(tokens.succeeded).containsOnlyKeys("token-2");
    }

    @Test
    void aDecisionTheWorkflowNoLongerWaitsForIsAConflictAndTheReviewStaysOpen() throws IOException {
        Order order = readyOrder();
        Tasks.invoke(step, request(order, "stale-token"));
        tokens.stale.add("stale-token");
        APIGatewayV2HTTPResponse response = call(decision(order, "{\"decision\":\"APPROVE\"}"));
        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(Json.tree(response.getBody()).get("title").asText()).isEqualTo("ReviewExpired");
        assertThat(service.list(tenant, "OPEN", 10, null).items()).hasSize(1);
    }

    @Test
    void editAndRetryFixesTheAddressBeforeResuming() throws IOException {
        Order order = readyOrder();
        Tasks.invoke(step, request(order, "token-1"));
        String body = "{\"decision\":\"EDIT_AND_RETRY\",\"edits\":{\"shippingAddress\":{\"name\":\"Jamie Rivera\","
                + "\"line1\":\"1300 Sunset Blvd\",\"city\":\"Los Angeles\",\"region\":\"CA\",\"postalCode\":\"90026\","
                + "\"country\":\"US\"}}}";
        assertThat(call(decision(order, body)).getStatusCode()).isEqualTo(200);
        assertThat(orders.get(tenant, order.orderId()).pii().shippingAddress().line1()).isEqualTo("1300 Sunset Blvd");
    }

    @Test
    void anUnknownDecisionIsA400NamingTheField() throws IOException {
        Order order = readyOrder();
        Tasks.invoke(step, request(order, "token-1"));
        APIGatewayV2HTTPResponse response = call(decision(order, "{\"decision\":\"MAYBE\"}"));
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree(response.getBody()).at("/errors/0/field").asText()).isEqualTo("decision");
        assertThat(tokens.succeeded).isEmpty();
    }

    @Test
    void editsThatAreNotAnObjectAreA400NamingEdits() throws IOException {
        Order order = readyOrder();
        Tasks.invoke(step, request(order, "token-1"));
        long version = orders.get(tenant, order.orderId()).version();
        for (String edits : List.of("true", "[1]", "\"street\"", "7")) {
            APIGatewayV2HTTPResponse response = call(decision(order,
                    "{\"decision\":\"EDIT_AND_RETRY\",\"edits\":" + edits + "}"));
            assertThat(response.getStatusCode()).as(edits).isEqualTo(400);
            assertThat(Json.tree(response.getBody()).at("/errors/0/field").asText()).isEqualTo("edits");
        }
        assertThat(call(decision(order, "null")).getStatusCode()).isEqualTo(400);
        assertThat(tokens.succeeded).isEmpty();
        assertThat(orders.get(tenant, order.orderId()).version()).isEqualTo(version);
    }

    @Test
    void anotherTenantCannotDecide() throws IOException {
        Order order = readyOrder();
        Tasks.invoke(step, request(order, "token-1"));
        APIGatewayV2HTTPEvent event = decision(order, "{\"decision\":\"CANCEL\"}");
        event.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of("custom:tenant_id",
                TestStack.tenant(), "sub", "intruder"));
        assertThat(call(event).getStatusCode()).isEqualTo(404);
        assertThat(tokens.succeeded).isEmpty();
    }

    @Test
    void aFinalOrderEndsTheWaitAtOnce() throws IOException {
        Order order = orders.transition(orders.create(Orders.sample(tenant), "system:test", "imported"),
                OrderState.CANCELLED, "system:test", "buyer cancelled");
        Tasks.invoke(step, request(order, "token-1"));
        assertThat(Json.tree(tokens.succeeded.get("token-1")).get("decision").asText()).isEqualTo("CANCEL");
    }

    private Order readyOrder() {
        return orders.transition(orders.create(Orders.sample(tenant), "system:test", "imported"), OrderState.READY,
                "workflow:test", "validated");
    }

    private ObjectNode request(Order order, String token) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/manual-review/request-review.json")) {
            ObjectNode input = (ObjectNode) Json.MAPPER.readTree(in);
            input.put("tenantId", tenant).put("orderId", order.orderId()).put("taskToken", token);
            return input;
        }
    }

    private APIGatewayV2HTTPEvent decision(Order order, String body) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("manual-review/review-decision.json");
        event.setPathParameters(Map.of("orderId", order.orderId()));
        event.setBody(body);
        return event;
    }

    private APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        Map<String, String> claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.putIfAbsent("custom:tenant_id", tenant);
        if ("tenant-demo".equals(claims.get("custom:tenant_id"))) {
            claims.put("custom:tenant_id", tenant);
        }
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        return api.handleRequest(event, LocalLambdaContext.forTest("ReviewApi"));
    }

    /** Records the answers sent to waiting workflow steps; a token in {@code stale} is refused as Step Functions would. */
    static final class RecordingTokens implements TaskTokens {
        final Map<String, String> succeeded = new ConcurrentHashMap<>();
        final Set<String> stale = ConcurrentHashMap.newKeySet();

        @Override
        public boolean succeed(String taskToken, String outputJson) {
            if (stale.contains(taskToken)) {
                return false;
            }
            succeeded.put(taskToken, outputJson);
            return true;
        }

        @Override
        public boolean fail(String taskToken, String error, String cause) {
            return !stale.contains(taskToken);
        }
    }
}
