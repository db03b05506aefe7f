package com.creatorflow.rules.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.RateLimiter;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.rules.RulesService;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.team.TeamMembers;
import com.creatorflow.shared.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesApiHandlerIT {
    private final TestStack stack = TestStack.get();
    private final OrderRepository orders = OrderRepository.fromEnv(stack.env());
    private final RulesApiHandler handler = new RulesApiHandler(stack.env());
    private final String tenant = TestStack.tenant();

    @Test
    void savesVersionsAndReadsThemBack() {
        assertThat(Json.tree(call(event("get-rules.json")).getBody()).get("version").asLong()).isZero();

        APIGatewayV2HTTPResponse saved = call(event("put-rules.json"));
        assertThat(saved.getStatusCode()).isEqualTo(201);
        assertThat(saved.getHeaders()).containsEntry("Location", "/v1/rules/versions/1");
        JsonNode body = Json.tree(saved.getBody());
        assertThat(body.get("version").asLong()).isEqualTo(1);
        assertThat(body.get("createdBy").asText()).startsWith("user:");
        assertThat(body.get("rules")).hasSize(5);

        APIGatewayV2HTTPEvent again = event("put-rules.json");
        assertThat(call(again).getStatusCode()).as("based on version 0, but 1 exists").isEqualTo(409);

        JsonNode active = Json.tree(call(event("get-rules.json")).getBody());
        assertThat(active.get("version").asLong()).isEqualTo(1);
        assertThat(active.at("/rules/0/id").asText()).isEqualTo("hold-big-orders");
        assertThat(call(event("get-rule-version.json")).getStatusCode()).isEqualTo(200);
        assertThat(Json.tree(call(event("list-rule-versions.json")).getBody()).get("items")).hasSize(1);

        APIGatewayV2HTTPEvent missing = event("get-rule-version.json");
        missing.setPathParameters(Map.of("version", "7"));
        assertThat(call(missing).getStatusCode()).isEqualTo(404);
    }

    @Test
    void aBadPatternIsA400NamingTheRuleAndTheProblem() {
        APIGatewayV2HTTPEvent event = event("put-rules.json");
        ObjectNode body = (ObjectNode) Json.tree(event.getBody());
        ((ObjectNode) body.at("/rules/1")).set("pattern", Json.tree("{\"shipTo\": {\"region\": [{\"wildcrd\": \"C*\"}]}}"));
        event.setBody(Json.write(body));
        APIGatewayV2HTTPResponse response = call(event);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        JsonNode problem = Json.tree(response.getBody());
        assertThat(problem.get("title").asText()).isEqualTo("ValidationFailed");
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("rules[1].pattern");
        assertThat(problem.get("detail").asText()).contains("rule 'west-coast'").contains("wildcrd");
        assertThat(Json.tree(call(event("get-rules.json")).getBody()).get("version").asLong()).isZero();
    }

    @Test
    void aDryRunOnAStoredOrderShowsTheMatchingRulesAndTheirActions() {
        call(event("put-rules.json"));
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        APIGatewayV2HTTPEvent event = event("dry-run.json");
        ObjectNode body = (ObjectNode) Json.tree(event.getBody());
        body.put("orderId", order.orderId());
        event.setBody(Json.write(body));
        APIGatewayV2HTTPResponse response = call(event);
        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode result = Json.tree(response.getBody());
        assertThat(result.get("ruleSource").asText()).isEqualTo("active");
        assertThat(result.at("/decision/matched").findValuesAsText("id")).containsExactly("west-coast",
                "late-afternoon");
        assertThat(result.at("/decision/outcome/warehouse").asText()).isEqualTo("LAX-1");
        assertThat(result.at("/document/hourOfDay").asInt()).as("23:30 UTC is 15:30 in Los Angeles").isEqualTo(15);
        assertThat(result.get("resultingTags").toString()).contains("next-day");
        assertThat(orders.get(tenant, order.orderId()).version()).as("a dry run changes nothing").isEqualTo(1);

        ObjectNode unknown = (ObjectNode) Json.tree(event.getBody());
        unknown.put("orderId", "404404");
        event.setBody(Json.write(unknown));
        assertThat(call(event).getStatusCode()).isEqualTo(404);
    }

    @Test
    void aDryRunWithAnEmptyOrOverlongOrderIdIsA400NamingIt() {
        for (String orderId : List.of("\"\"", "\"" + "9".repeat(2_000) + "\"", "{}")) {
            APIGatewayV2HTTPEvent event = event("dry-run.json");
            event.setBody("{\"orderId\": " + orderId + "}");
            APIGatewayV2HTTPResponse response = call(event);
            assertThat(response.getStatusCode()).as(orderId).isEqualTo(400);
            assertThat(Json.tree(response.getBody()).at("/errors/0/field").asText()).isEqualTo("orderId");
        }
    }

    @Test
    void aTenantOverItsRateLimitGets429WithRetryAfter() {
        Clock frozen = Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC);
        RulesApiHandler limited = new RulesApiHandler(RulesService.fromEnv(stack.env()), new ApiGuard(
                new RateLimiter(stack.env().aws().dynamo(), stack.tables().get("RateLimitTable"), 1000, 2, frozen),
                TeamMembers.fromEnv(stack.env())));
        for (int i = 0; i < 2; i++) {
            assertThat(limited.handleRequest(event("get-rules.json"), LocalLambdaContext.forTest("RulesApiFunction"))
                    .getStatusCode()).isEqualTo(200);
        }
        APIGatewayV2HTTPResponse refused = limited.handleRequest(event("get-rules.json"),
                LocalLambdaContext.forTest("RulesApiFunction"));
        assertThat(refused.getStatusCode()).isEqualTo(429);
        assertThat(refused.getHeaders()).containsKey("Retry-After")
                .containsEntry("Content-Type", "application/problem+json");
    }

    @Test
    void rulesCarryTheirVersionAsETagAndASaveUnderAStaleIfMatchIs412() {
        assertThat(call(event("get-rules.json")).getHeaders()).containsEntry("ETag", "\"0\"");
        APIGatewayV2HTTPEvent first = event("put-rules.json");
        first.setHeaders(Map.of("If-Match", "\"0\""));
        APIGatewayV2HTTPResponse saved = call(first);
        assertThat(saved.getStatusCode()).isEqualTo(201);
        assertThat(saved.getHeaders()).containsEntry("ETag", "\"1\"");
        assertThat(call(event("get-rules.json")).getHeaders()).containsEntry("ETag", "\"1\"");

        APIGatewayV2HTTPEvent stale = event("put-rules.json");
        stale.setHeaders(Map.of("If-Match", "\"0\""));
        APIGatewayV2HTTPResponse refused = call(stale);
        assertThat(refused.getStatusCode()).isEqualTo(412);
        assertThat(refused.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(Json.tree(refused.getBody()).get("title").asText()).isEqualTo("PreconditionFailed");

        APIGatewayV2HTTPEvent foreign = event("put-rules.json");
        foreign.setHeaders(Map.of("If-Match", "W/\"1\""));
        assertThat(call(foreign).getStatusCode()).as("a weak tag never matches").isEqualTo(412);
        assertThat(Json.tree(call(event("get-rules.json")).getBody()).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void anUnknownFieldInTheBodyOrInARuleIsA400NamingIt() {
        APIGatewayV2HTTPEvent event = event("put-rules.json");
        ObjectNode body = (ObjectNode) Json.tree(event.getBody());
        body.put("timezone", "Europe/Paris");
        event.setBody(Json.write(body));
        assertThat(Json.tree(call(event).getBody()).at("/errors/0/field").asText()).isEqualTo("timezone");

        ObjectNode inRule = (ObjectNode) Json.tree(event("put-rules.json").getBody());
        ((ObjectNode) inRule.at("/rules/2")).put("colour", "red");
        APIGatewayV2HTTPEvent nested = event("put-rules.json");
        nested.setBody(Json.write(inRule));
        APIGatewayV2HTTPResponse response = call(nested);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree(response.getBody()).at("/errors/0/field").asText()).isEqualTo("rules[2].colour");
    }

    private APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        return handler.handleRequest(event, LocalLambdaContext.forTest("RulesApiFunction"));
    }

    private APIGatewayV2HTTPEvent event(String fixture) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("rules-api/" + fixture);
        Map<String, String> claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("custom:tenant_id", tenant);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        return event;
    }
}
