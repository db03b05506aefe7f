package com.creatorflow.local.runtime;

import com.creatorflow.shared.http.JwtAuthorizer;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.OrderRepository;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
        assertThat(runtime.buckets()).containsEntry("LabelsBucket", "labelsbucket")
                .containsEntry("DashboardBucket", "dashboardbucket").hasSize(2);
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

    @Test
    void aWebhookDeclaringMoreThanItsCapIsRefusedWithoutReadingTheBody() throws Exception {
        long before = runtime.functions().get("WebhookIntakeFunction").invocations();
        String answer = raw("POST /webhooks/tiktok HTTP/1.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + (RequestBodyLimit.WEBHOOK_BYTES + 1) + "\r\n\r\n", out -> out.write('{'));
        assertThat(answer).startsWith("HTTP/1.1 413").contains("application/problem+json")
                .contains("\"title\":\"PayloadTooLarge\"");
        assertThat(runtime.functions().get("WebhookIntakeFunction").invocations()).isEqualTo(before);
    }

    @Test
    void anApiRequestDeclaringMoreThanTenMegabytesIsRefused() throws Exception {
        String answer = raw("POST /v1/orders HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: "
                + (RequestBodyLimit.API_BYTES + 1) + "\r\n\r\n", out -> out.write('{'));
        assertThat(answer).startsWith("HTTP/1.1 413").contains("PayloadTooLarge");
    }

    @Test
    void aChunkedWebhookBodyIsReadOnlyUpToItsCap() throws Exception {
        long before = runtime.functions().get("WebhookIntakeFunction").invocations();
        byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
        String answer = raw("POST /webhooks/tiktok HTTP/1.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", out -> {
                    for (int i = 0; i < 1024; i++) {
                        out.write(("2000\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                });
        assertThat(answer).startsWith("HTTP/1.1 413").contains("PayloadTooLarge");
        assertThat(runtime.functions().get("WebhookIntakeFunction").invocations()).isEqualTo(before);
    }

    @Test
    void aChunkedBodyUnderTheCapReachesTheFunction() throws Exception {
        long before = runtime.functions().get("WebhookIntakeFunction").invocations();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url("/webhooks/tiktok"))
                .version(HttpClient.Version.HTTP_1_1).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        "{\"type\":1,\"data\":{}}".getBytes(StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isNotEqualTo(413);
        assertThat(runtime.functions().get("WebhookIntakeFunction").invocations()).isEqualTo(before + 1);
    }

    /**
     * Writes a request's head on a socket and its body from another thread (a refused body may never be read), and
     * reads the answer: its head, then as many bytes as its Content-Length says.
     */
    private static String raw(String head, BodyWriter body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", runtime.baseUrl().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            Thread.ofVirtual().start(() -> {
                try {
                    body.write(out);
                    out.flush();
                } catch (IOException refusedAndClosed) {
                    // the server answered and closed the connection before the body ended
                }
            });
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            while (answer.indexOf("\r\n\r\n") < 0) {
                int next = in.read();
                if (next < 0) {
                    break;
                }
                answer.append((char) next);
            }
            String lengthHeader = answer.toString().lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
                    .findFirst().orElse("content-length: 0");
            int length = Integer.parseInt(lengthHeader.substring(lengthHeader.indexOf(':') + 1).trim());
            answer.append(new String(in.readNBytes(length), StandardCharsets.UTF_8));
            return answer.toString();
        }
    }

    /** Writes a request body. */
    private interface BodyWriter {
        void write(OutputStream out) throws IOException;
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
