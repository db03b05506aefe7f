package com.creatorflow.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.idempotency.IdempotencyRecord;
import com.creatorflow.shared.idempotency.IdempotencyStatus;
import com.creatorflow.shared.idempotency.IdempotencyStore;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.testing.TestStack;
import com.creatorflow.shared.tiktok.ShopDirectory;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.TikTokApp;
import com.creatorflow.shared.tiktok.domain.Shop;
import com.creatorflow.shared.tiktok.webhook.WebhookIntake;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The webhook front door against the local DynamoDB and SQS: signatures (computed here with javax.crypto, not with
 * the code under test), the replay window, schema errors, unknown shops and types, duplicates and reused ids.
 */
class WebhookIntakeHandlerIT {
    private static final String APP_KEY = "test-app-key";
    private static final String APP_SECRET = "test-secret-123";
    private static final String FIXTURE_SHOP = "7494049642642441621";
    private static final Instant FIXTURE_TIME = Instant.ofEpochSecond(1764097200);

    private static Env env;
    private static SqsClient sqs;
    private static String queueUrl;
    private static IdempotencyStore records;
    private static String shopId;

    @BeforeAll
    static void setUp() {
        TestStack stack = TestStack.get();
        env = stack.env().with(Map.of("SHOPS_TABLE", stack.tables().get("ShopsTable"), "TIKTOK_APP_KEY", APP_KEY,
                "TIKTOK_APP_SECRET", APP_SECRET));
        sqs = env.aws().sqs();
        queueUrl = sqs.createQueue(r -> r.queueName("intake-it-" + UUID.randomUUID())).queueUrl();
        records = IdempotencyStore.fromEnv(env);
        shopId = "74940" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L);
        ShopRegistry shops = ShopRegistry.fromEnv(env);
        shops.save(shop(shopId));
        shops.save(shop(FIXTURE_SHOP));
    }

    @AfterAll
    static void tearDown() {
        sqs.deleteQueue(r -> r.queueUrl(queueUrl));
    }

    private static Shop shop(String id) {
        return new Shop(id, TestStack.tenant(), "IT shop", "US", "ROW_it", Shop.Status.AUTHORIZED, "access",
                Instant.now().plusSeconds(3600), "refresh", Instant.now().plusSeconds(86_400));
    }

    private static WebhookIntakeHandler handler(Clock clock) {
        return new WebhookIntakeHandler(new WebhookIntake(TikTokApp.fromEnv(env), ShopDirectory.fromEnv(env),
                records, sqs, queueUrl, Duration.ofHours(24), Duration.ofHours(48), clock));
    }

    private static WebhookIntakeHandler handler() {
        return handler(Clock.systemUTC());
    }

    /** HMAC-SHA256(secret, appKey + body) in hex, computed independently of TikTokSigner. */
    private static String sign(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal((APP_KEY + body).getBytes(StandardCharsets.UTF_8)));
    }

    private static String body(String notificationId, int type, String shop, String data) {
        return "{\"type\":" + type + ",\"tts_notification_id\":\"" + notificationId + "\",\"shop_id\":\"" + shop
                + "\",\"timestamp\":" + Instant.now().getEpochSecond() + ",\"data\":" + data + "}";
    }

    private static String orderData(String orderId) {
        return "{\"order_id\":\"" + orderId + "\",\"order_status\":\"AWAITING_SHIPMENT\",\"is_on_hold_order\":false,"
                + "\"update_time\":" + Instant.now().getEpochSecond() + "}";
    }

    private static APIGatewayV2HTTPEvent event(String body, String signature) {
        var http = APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST")
                .withPath("/webhooks/tiktok").build();
        return APIGatewayV2HTTPEvent.builder().withRouteKey("POST /webhooks/tiktok").withRawPath("/webhooks/tiktok")
                .withHeaders(signature == null ? Map.of("content-type", "application/json")
                        : Map.of("content-type", "application/json", "authorization", signature))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withHttp(http).build())
                .withBody(body).withIsBase64Encoded(false).build();
    }

    private static APIGatewayV2HTTPResponse post(WebhookIntakeHandler handler, String body, String signature) {
        return handler.handleRequest(event(body, signature), LocalLambdaContext.forTest("WebhookIntakeFunction"));
    }

    private static String newId() {
        return Long.toString(7_441_000_000_000_000_000L + Math.abs(UUID.randomUUID().getLeastSignificantBits()
                % 1_000_000_000_000_000L));
    }

    private static List<Message> messagesFor(String notificationId) {
        List<Message> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            for (Message message : batch) {
                if (Json.tree(message.body()).path("notificationId").asText().equals(notificationId)) {
                    mine.add(message);
                }
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return mine;
    }

    @Test
    void theSampleEventIsVerifiedStoredAndQueued() {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("webhook-intake/order-status-change.json");
        Clock atPush = Clock.fixed(FIXTURE_TIME.plusSeconds(2), ZoneOffset.UTC);
        records.release(WebhookIntake.KEY_PREFIX + "7441197706612998001");
        APIGatewayV2HTTPResponse response = handler(atPush).handleRequest(event,
                LocalLambdaContext.forTest("WebhookIntakeFunction"));
        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(response.getBody()).isEmpty();
        IdempotencyRecord record = records.get(WebhookIntake.KEY_PREFIX + "7441197706612998001").orElseThrow();
        assertThat(record.status()).isEqualTo(IdempotencyStatus.INPROGRESS);
        assertThat(record.attribute("shopId")).isEqualTo(FIXTURE_SHOP);
        assertThat(record.attribute("notification")).contains("576462207837409441");
        List<Message> queued = messagesFor("7441197706612998001");
        assertThat(queued).hasSize(1);
        assertThat(Json.tree(queued.get(0).body()).path("orderIds").get(0).asText()).isEqualTo("576462207837409441");
    }

    @Test
    void aBadOrMissingSignatureIs401WithAnEmptyBodyAndStoresNothing() throws Exception {
        APIGatewayV2HTTPEvent bad = EventLoader.loadApiGatewayHttpEvent("webhook-intake/bad-signature.json");
        APIGatewayV2HTTPResponse response = handler().handleRequest(bad, LocalLambdaContext.forTest("f"));
        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getBody()).isEmpty();

        String id = newId();
        String body = body(id, 1, shopId, orderData("576462200000000001"));
        assertThat(post(handler(), body, null).getStatusCode()).isEqualTo(401);
        String wrongKey = sign(body.replace("AWAITING_SHIPMENT", "CANCEL"));
        assertThat(post(handler(), body, wrongKey).getStatusCode()).isEqualTo(401);
        assertThat(records.get(WebhookIntake.KEY_PREFIX + id)).isEmpty();
        assertThat(messagesFor(id)).isEmpty();
    }

    @Test
    void aTimestampOutsideTheReplayWindowIsRefused() throws Exception {
        String id = newId();
        String body = body(id, 1, shopId, orderData("576462200000000002"));
        Clock twoDaysLater = Clock.fixed(Instant.now().plus(Duration.ofDays(2)), ZoneOffset.UTC);
        assertThat(post(handler(twoDaysLater), body, sign(body)).getStatusCode()).isEqualTo(401);
        assertThat(records.get(WebhookIntake.KEY_PREFIX + id)).isEmpty();
    }

    @Test
    void malformedJsonAndMissingFieldsAre400ProblemsNamingTheField() throws Exception {
        String broken = "{\"type\":1,";
        APIGatewayV2HTTPResponse malformed = post(handler(), broken, sign(broken));
        assertThat(malformed.getStatusCode()).isEqualTo(400);
        assertThat(malformed.getHeaders().get("Content-Type")).isEqualTo("application/problem+json");
        assertThat(malformed.getBody()).contains("\"field\":\"body\"");

        String noOrder = "{\"type\":1,\"tts_notification_id\":\"" + newId() + "\",\"timestamp\":"
                + Instant.now().getEpochSecond() + ",\"data\":{\"order_status\":\"UNPAID\",\"update_time\":1}}";
        APIGatewayV2HTTPResponse missing = post(handler(), noOrder, sign(noOrder));
        assertThat(missing.getStatusCode()).isEqualTo(400);
        JsonNode problem = Json.tree(missing.getBody());
        List<String> fields = new ArrayList<>();
        problem.path("errors").forEach(e -> fields.add(e.path("field").asText()));
        assertThat(fields).contains("$.shop_id", "$.data.order_id");
    }

    @Test
    void aSignedWebhookOverTheItemSizeLimitIs413AndStoresNothing() throws Exception {
        String id = newId();
        String padded = orderData("576462200000000009").replace("}", ",\"note\":\""
                + "p".repeat(410 * 1024) + "\"}");
        String body = body(id, 1, shopId, padded);
        APIGatewayV2HTTPResponse response = post(handler(), body, sign(body));
        assertThat(response.getStatusCode()).isEqualTo(413);
        assertThat(response.getHeaders().get("Content-Type")).isEqualTo("application/problem+json");
        assertThat(Json.tree(response.getBody()).at("/errors/0/field").asText()).isEqualTo("body");
        assertThat(records.get(WebhookIntake.KEY_PREFIX + id)).isEmpty();
        assertThat(messagesFor(id)).isEmpty();
    }

    @Test
    void idsOverTheKeyLimitAndTimestampsBeyondTheYear2100Are400NamingTheField() throws Exception {
        String longId = "7".repeat(2_000);
        String longNotification = body(longId, 1, shopId, orderData("576462200000000010"));
        String longOrder = body(newId(), 1, shopId, orderData("5".repeat(2_000)));
        String farFuture = body(newId(), 1, shopId, orderData("576462200000000011"))
                .replaceFirst("\"timestamp\":\\d+", "\"timestamp\":99999999999999999");
        for (String body : List.of(longNotification, longOrder, farFuture)) {
            APIGatewayV2HTTPResponse response = post(handler(), body, sign(body));
            assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
            assertThat(Json.tree(response.getBody()).at("/errors/0/field").asText()).startsWith("$.");
        }
    }

    @Test
    void aNumberTooLargeToReadIs400NamingItsField() throws Exception {
        String body = body(newId(), 1, shopId, orderData("576462200000000012")).replaceFirst("\"type\":1",
                "\"type\":1e999");
        APIGatewayV2HTTPResponse response = post(handler(), body, sign(body));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        assertThat(Json.tree(response.getBody()).at("/errors/0/field").asText()).isEqualTo("$.type");
    }

    @Test
    void anUnknownShopIs404() throws Exception {
        String id = newId();
        String body = body(id, 1, "7490000000000000404", orderData("576462200000000003"));
        APIGatewayV2HTTPResponse response = post(handler(), body, sign(body));
        assertThat(response.getStatusCode()).isEqualTo(404);
        assertThat(response.getBody()).contains("UnknownShop");
        assertThat(records.get(WebhookIntake.KEY_PREFIX + id)).isEmpty();
    }

    @Test
    void anUnknownTypeIsAcknowledgedRecordedAndIgnored() throws Exception {
        String id = newId();
        String body = body(id, 16, shopId, "{\"product_id\":\"1729384756\",\"status\":\"ACTIVATE\"}");
        assertThat(post(handler(), body, sign(body)).getStatusCode()).isEqualTo(200);
        Optional<IdempotencyRecord> record = records.get(WebhookIntake.KEY_PREFIX + id);
        assertThat(record).get().extracting(IdempotencyRecord::status).isEqualTo(IdempotencyStatus.COMPLETED);
        assertThat(record.get().data()).contains("IGNORED");
        assertThat(messagesFor(id)).isEmpty();
    }

    @Test
    void aDuplicateIsAcknowledgedAndChangesNothingButAReusedIdWithAnotherBodyIs422() throws Exception {
        String id = newId();
        String body = body(id, 1, shopId, orderData("576462200000000004"));
        assertThat(post(handler(), body, sign(body)).getStatusCode()).isEqualTo(200);
        assertThat(post(handler(), body, sign(body)).getStatusCode()).isEqualTo(200);
        assertThat(messagesFor(id)).hasSize(1);

        String other = body.replace("AWAITING_SHIPMENT", "IN_TRANSIT");
        APIGatewayV2HTTPResponse reused = post(handler(), other, sign(other));
        assertThat(reused.getStatusCode()).isEqualTo(422);
        assertThat(reused.getBody()).contains("tts_notification_id");
    }

    @Test
    void aNotificationWithoutAnIdIsDeduplicatedOnItsBody() throws Exception {
        String body = "{\"type\":3,\"shop_id\":\"" + shopId + "\",\"timestamp\":" + Instant.now().getEpochSecond()
                + ",\"data\":{\"order_id\":\"576462200000000005\",\"update_time\":1764097100}}";
        assertThat(post(handler(), body, sign(body)).getStatusCode()).isEqualTo(200);
        assertThat(post(handler(), body, sign(body)).getStatusCode()).isEqualTo(200);
        assertThat(messagesFor("")).hasSize(1);
    }

    @Test
    void aDuplicateStormOfFiftyHasOneEffect() throws Exception {
        String id = newId();
        String body = body(id, 1, shopId, orderData("576462200000000006"));
        String signature = sign(body);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                WebhookIntakeHandler handler = handler();
                calls.add(() -> post(handler, body, signature).getStatusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : pool.invokeAll(calls)) {
                statuses.add(future.get());
            }
            assertThat(statuses).containsOnly(200);
        } finally {
            pool.shutdown();
        }
        assertThat(messagesFor(id)).hasSize(1);
    }
}
