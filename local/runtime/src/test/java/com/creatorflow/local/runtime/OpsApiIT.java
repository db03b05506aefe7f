package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.team.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ops API on the local runtime's Step Functions engine: a NeedsAttention execution made to fail (its order does
 * not exist yet, so RequestReview fails with OrderNotFound, which the workflow does not catch) is listed with its
 * failing step, redriven once the order exists, waits for the review's task token and is answered to success; another
 * tenant's execution is never shown.
 */
class OpsApiIT {
    private static LocalRuntime runtime;
    private static OrderRepository orders;
    private static Map<Role, String> tokens;
    private static String tenant;

    @BeforeAll
    static void start() throws Exception {
        runtime = RuntimeOrders.apiRuntime();
        Env env = runtime.functions().get("ReviewApiFunction").env();
        orders = OrderRepository.fromEnv(env);
        tenant = "ops-" + UUID.randomUUID();
        tokens = ApiClient.team(runtime, tenant, "m-");
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** Starts a NeedsAttention execution for an order of a tenant that does not exist yet; answers its ARN. */
    private static String failingExecution(String tenantId, String orderId) throws InterruptedException {
        String arn = RuntimeOrders.startFailingNeedsAttention(runtime, tenantId, orderId,
                "Test-" + UUID.randomUUID().toString().substring(0, 8));
        Eventually.await("the execution failed", Duration.ofSeconds(30), () -> runtime.aws().stepFunctions()
                .describeExecution(r -> r.executionArn(arn)).statusAsString().equals("FAILED"));
        return arn;
    }

    private static String path(String arn, String suffix) {
        return "/v1/ops/executions/" + URLEncoder.encode(arn, StandardCharsets.UTF_8) + suffix;
    }

    private static HttpResponse<String> call(String method, String path, String body, Role role) throws Exception {
        return ApiClient.send(runtime, method, path, body, tokens.get(role), null);
    }

    private static JsonNode itemOf(JsonNode list, String arn) {
        for (JsonNode item : list.path("items")) {
            if (item.path("executionArn").asText().equals(arn)) {
                return item;
            }
        }
        return null;
    }

    @Test
    void aFailedExecutionIsListedWithItsFailingStepRedrivenAndItsWaitingStepAnsweredToSuccess() throws Exception {
        String orderId = Orders.newOrderId();
        String arn = failingExecution(tenant, orderId);

        HttpResponse<String> failed = call("GET", "/v1/ops/executions", null, Role.MANAGER);
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(200);
        JsonNode item = itemOf(Json.tree(failed.body()), arn);
        assertThat(item).as("the failed execution is listed").isNotNull();
        assertThat(item.get("workflow").asText()).isEqualTo("needs-attention");
        assertThat(item.get("orderId").asText()).isEqualTo(orderId);
        assertThat(item.get("status").asText()).isEqualTo("FAILED");
        assertThat(item.get("failingStep").asText()).isEqualTo("RequestReview");
        assertThat(item.get("error").asText()).contains("OrderNotFound");
        assertThat(item.get("redrivable").asBoolean()).isTrue();

        HttpResponse<String> described = call("GET", path(arn, ""), null, Role.OWNER);
        assertThat(described.statusCode()).as(described.body()).isEqualTo(200);
        JsonNode events = Json.tree(described.body()).get("events");
        assertThat(events.get(0).get("type").asText()).isEqualTo("ExecutionStarted");
        assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("ExecutionFailed");

        orders.create(Orders.sample(tenant).toBuilder().orderId(orderId).build(), "system:test", "imported");
        HttpResponse<String> redriven = call("POST", path(arn, "/redrive"), null, Role.MANAGER);
        assertThat(redriven.statusCode()).as(redriven.body()).isEqualTo(202);
        assertThat(Json.tree(redriven.body()).get("redriveCount").asInt()).isEqualTo(1);

        Eventually.await("the redriven execution waits for the review", Duration.ofSeconds(30), () -> {
            JsonNode running = itemOf(Json.tree(call("GET", "/v1/ops/executions?status=RUNNING", null, Role.OWNER)
                    .body()), arn);
            return running != null && "RequestReview".equals(running.path("waitingStep").asText(null));
        });
        HttpResponse<String> answered = call("POST", path(arn, "/answer"), Json.write(Map.of("outcome", "success",
                "output", Map.of("decision", "APPROVE", "note", "checked by ops"))), Role.MANAGER);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(202);
        Eventually.await("the execution succeeded", Duration.ofSeconds(30), () -> runtime.aws().stepFunctions()
                .describeExecution(r -> r.executionArn(arn)).statusAsString().equals("SUCCEEDED"));

        HttpResponse<String> again = call("POST", path(arn, "/answer"), Json.write(Map.of("outcome", "success")),
                Role.MANAGER);
        assertThat(again.statusCode()).as("nothing waits any more").isEqualTo(409);
        HttpResponse<String> notRedrivable = call("POST", path(arn, "/redrive"), null, Role.MANAGER);
        assertThat(notRedrivable.statusCode()).isEqualTo(409);
        assertThat(notRedrivable.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void anotherTenantsExecutionIsNeverShownAndAnswers404LikeAMissingOne() throws Exception {
        String other = "ops-other-" + UUID.randomUUID();
        String theirs = failingExecution(other, Orders.newOrderId());
        assertThat(itemOf(Json.tree(call("GET", "/v1/ops/executions", null, Role.OWNER).body()), theirs)).isNull();
        String missing = theirs.substring(0, theirs.lastIndexOf(':') + 1) + "no-such-execution";
        for (String arn : new String[] {theirs, missing}) {
            assertThat(call("GET", path(arn, ""), null, Role.OWNER).statusCode()).isEqualTo(404);
            assertThat(call("POST", path(arn, "/redrive"), null, Role.OWNER).statusCode()).isEqualTo(404);
            assertThat(call("POST", path(arn, "/answer"), "{\"outcome\":\"success\"}", Role.OWNER).statusCode())
                    .isEqualTo(404);
        }
        String notOurs = "arn:aws:states:us-east-1:000000000000:execution:SomeoneElsesMachine:x";
        assertThat(call("GET", path(notOurs, ""), null, Role.OWNER).statusCode()).isEqualTo(404);
        assertThat(runtime.aws().stepFunctions().describeExecution(r -> r.executionArn(theirs)).statusAsString())
                .as("nothing was done to it").isEqualTo("FAILED");
    }

    @Test
    void badInputIsA4xxProblemNamingTheFieldAndOnlyOwnersAndManagersMayUseOps() throws Exception {
        HttpResponse<String> status = call("GET", "/v1/ops/executions?status=BROKEN", null, Role.OWNER);
        assertThat(status.statusCode()).isEqualTo(400);
        assertThat(status.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(status.body()).contains("status");
        HttpResponse<String> older = call("GET", "/v1/ops/executions?olderThanMinutes=-5", null, Role.OWNER);
        assertThat(older.statusCode()).isEqualTo(400);
        assertThat(older.body()).contains("olderThanMinutes");
        String arn = failingExecution(tenant, Orders.newOrderId());
        HttpResponse<String> outcome = call("POST", path(arn, "/answer"), "{\"outcome\":\"maybe\"}", Role.OWNER);
        assertThat(outcome.statusCode()).isEqualTo(400);
        assertThat(outcome.body()).contains("outcome");
        HttpResponse<String> unknown = call("POST", path(arn, "/answer"), "{\"outcome\":\"success\",\"token\":\"x\"}",
                Role.OWNER);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("token");
        HttpResponse<String> notAnArn = call("GET", "/v1/ops/executions/not-an-arn", null, Role.OWNER);
        assertThat(notAnArn.statusCode()).isEqualTo(400);
        assertThat(notAnArn.body()).contains("executionArn");
        assertThat(call("GET", "/v1/ops/executions", null, Role.PACKER).statusCode()).isEqualTo(403);
        assertThat(call("POST", path(arn, "/redrive"), null, Role.VIEWER).statusCode()).isEqualTo(403);
    }
}
