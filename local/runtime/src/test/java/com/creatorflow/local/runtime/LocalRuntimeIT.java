package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.testing.Orders;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local runtime starts from the template, answers /health and serves the API through the same handlers. */
class LocalRuntimeIT {
    private static LocalRuntime runtime;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.start(RuntimeOptions.forTests());
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void answersHealth() throws Exception {
        HttpResponse<String> health = get("/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = Json.tree(health.body());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.at("/components/dynamodb").asText()).isEqualTo("UP");
        assertThat(body.at("/components/sqs").asText()).isEqualTo("UP");
        assertThat(body.at("/components/s3").asText()).isEqualTo("UP");
    }

    @Test
    void createsEveryBucketOfTheTemplateAndNamesTheS3EndpointInTheBanner() {
        assertThat(runtime.buckets()).isEqualTo(Map.of("LabelsBucket", "labelsbucket"));
        assertThat(runtime.aws().s3().listBuckets().buckets()).extracting(b -> b.name()).contains("labelsbucket");
        assertThat(runtime.banner()).contains("aws s3 ls --recursive s3://labelsbucket --endpoint-url "
                + runtime.s3Endpoint());
    }

    @Test
    void createsEveryTableAndQueueOfTheTemplate() {
        CfnTemplate template = CfnTemplate.project();
        assertThat(runtime.tables().keySet())
                .containsExactlyInAnyOrderElementsOf(template.resourcesOfType("AWS::DynamoDB::Table"));
        assertThat(runtime.queues().keySet())
                .containsExactlyInAnyOrderElementsOf(template.resourcesOfType("AWS::SQS::Queue"));
        var listed = runtime.aws().dynamo().listTables().tableNames();
        assertThat(listed).containsAll(runtime.tables().values());
    }

    @Test
    void servesTheApiBehindTheJwtAuthorizer() throws Exception {
        String tenant = "tenant-" + System.nanoTime();
        OrderRepository orders = OrderRepository.fromEnv(runtime.functions().get("CreatorApiFunction").env());
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");

        assertThat(get("/v1/orders/" + order.orderId(), null).statusCode()).isEqualTo(401);
        assertThat(get("/v1/orders/" + order.orderId(), "Bearer not-a-token").statusCode()).isEqualTo(401);

        String token = token(tenant);
        HttpResponse<String> mine = get("/v1/orders/" + order.orderId(), "Bearer " + token);
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(Json.tree(mine.body()).get("orderId").asText()).isEqualTo(order.orderId());

        HttpResponse<String> theirs = get("/v1/orders/" + order.orderId(), "Bearer " + token("someone-else"));
        assertThat(theirs.statusCode()).isEqualTo(404);
        assertThat(theirs.headers().firstValue("Content-Type")).contains("application/problem+json");

        assertThat(get("/v1/nowhere", "Bearer " + token).statusCode()).isEqualTo(404);
    }

    @Test
    void aPausedSqsEventSourceLeavesMessagesOnTheQueueUntilResumed() throws Exception {
        LocalFunction sync = runtime.functions().get("TikTokSyncFunction");
        String queue = runtime.queues().get("OrderSyncQueue");
        long paused;
        runtime.setSqsEventSourcesEnabled("TikTokSyncFunction", false);
        try {
            Thread.sleep(1_500);
            paused = sync.invocations();
            runtime.aws().sqs().sendMessage(r -> r.queueUrl(queue).messageBody("{}"));
            Thread.sleep(2_000);
            assertThat(sync.invocations()).isEqualTo(paused);
        } finally {
            runtime.setSqsEventSourcesEnabled("TikTokSyncFunction", true);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sync.invocations() == paused && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(sync.invocations()).isGreaterThan(paused);
    }

    @Test
    void theSignInNamesAMissingField() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url("/local/token"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("tenantId");
    }

    private static String token(String tenant) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url("/local/token"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenantId\":\"" + tenant + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.tree(response.body()).get("token").asText();
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(String path) {
        return runtime.baseUrl().resolve(path);
    }
}
