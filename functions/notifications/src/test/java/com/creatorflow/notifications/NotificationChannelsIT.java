package com.creatorflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.http.WebhookAddressPolicy;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.notify.ChatChannel;
import com.creatorflow.shared.notify.EmailChannel;
import com.creatorflow.shared.notify.NotificationService;
import com.creatorflow.shared.notify.VapidKeys;
import com.creatorflow.shared.notify.WebPushChannel;
import com.creatorflow.shared.notify.WebhookChannel;
import com.creatorflow.shared.notify.domain.ChannelRule;
import com.creatorflow.shared.notify.domain.Notification;
import com.creatorflow.shared.notify.domain.NotificationPreferences;
import com.creatorflow.shared.notify.domain.NotificationTemplates;
import com.creatorflow.shared.notify.domain.SlaWatch;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.testing.MutableClock;
import com.creatorflow.shared.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every channel against a real receiver on 127.0.0.1 (GreenMail SMTP, a chat and a signed-webhook receiver, a
 * VAPID-checking push endpoint), with the batching window, quiet hours and digests driven by a controllable clock.
 */
class NotificationChannelsIT {
    private static final WebhookAddressPolicy ADDRESSES = new WebhookAddressPolicy(true,
            host -> new InetAddress[] {InetAddress.ofLiteral(host)});
    private static final String[] VAPID = VapidKeys.generate();

    private final TestStack stack = TestStack.get();
    private final String tenant = TestStack.tenant();
    /** Monday 7 December 2026, 12:00 UTC (13:00 in Berlin). */
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private final LocalReceivers receivers = new LocalReceivers(clock);
    private final VapidKeys vapid = VapidKeys.of(VAPID[0], VAPID[1], "mailto:ops@creatorflow.local");
    private final NotificationService service = new NotificationService(
            stack.env().aws().dynamo(), stack.tables().get("NotificationsTable"), new NotificationService.Setup(
            List.of(new WebhookChannel(ADDRESSES), new ChatChannel(ADDRESSES), new EmailChannel("alerts@creatorflow.local",
                    EmailChannel.smtp("127.0.0.1", receivers.smtpPort())),
            new WebPushChannel(vapid, ADDRESSES, clock)), ADDRESSES, PiiCipher.fromEnv(stack.env()), vapid,
            new NotificationTemplates("https://app.creatorflow.example"),
            new NotificationService.Delivery(3, Duration.ofMillis(5)), Duration.ofSeconds(60), clock));
    private final NotificationApiHandler api = new NotificationApiHandler(service, stack.apiGuard());

    NotificationChannelsIT() throws java.io.IOException {
    }

    @AfterEach
    void close() {
        receivers.close();
    }

    @Test
    void eachChannelDeliversTheBatchAfterItsWindowCloses() throws Exception {
        creatorWantsChatAndWebhook(false);
        member("m1", "{\"email\":{\"address\":\"m1@example.com\"},\"push\":{},\"timeZone\":\"Europe/Berlin\"}");
        subscribe("m1", "m1");

        service.notify(needsAttention("o-1", Map.of("reason", "address invalid", "buyerName", "Ada Lovelace")));
        service.tick();
        assertThat(receivers.chat).as("nothing goes inside the window").isEmpty();
        clock.advance(Duration.ofSeconds(61));
        service.tick();

        MimeMessage[] mail = receivers.mail.getReceivedMessages();
        assertThat(mail).hasSize(1);
        assertThat(mail[0].getAllRecipients()[0].toString()).isEqualTo("m1@example.com");
        var stored = stack.env().aws().dynamo().getItem(r -> r.tableName(stack.tables().get("NotificationsTable"))
                .key(Map.of("tenantId", AttributeValue.fromS(tenant), "sk", AttributeValue.fromS("member#m1")))).item();
        assertThat(stored.toString()).as("the member's address is stored sealed").doesNotContain("m1@example.com");
        assertThat(stored.get("email").b()).isNotNull();
        assertThat(mail[0].getSubject()).isEqualTo("Order o-1 needs attention");
        String raw = new String(mail[0].getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(raw).contains("https://app.creatorflow.example/#order/o-1");

        assertThat(receivers.chat).hasSize(1);
        JsonNode chat = Json.tree(receivers.chat.get(0).body());
        assertThat(chat.get("text").asText()).isEqualTo("Order o-1 needs attention");
        assertThat(chat.at("/blocks/0/text/text").asText()).contains("/#order/o-1");

        assertThat(receivers.webhook).hasSize(1);
        LocalReceivers.Received hook = receivers.webhook.get(0);
        String secret = service.savePreferences(tenant, service.preferences(tenant)).signingSecret();
        assertThat(hook.signature()).isEqualTo(WebhookChannel.signature(secret,
                hook.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(Json.tree(hook.body()).get("kind").asText()).isEqualTo("NEEDS_ATTENTION");

        assertThat(receivers.pushRejections).isEmpty();
        assertThat(receivers.pushed).hasSize(1);
        LocalReceivers.Pushed push = receivers.pushed.get(0);
        assertThat(push.vapidKey()).isEqualTo(VAPID[0]);
        assertThat(push.claims().get("sub").asText()).isEqualTo("mailto:ops@creatorflow.local");
        assertThat(push.payload().get("title").asText()).isEqualTo("Order o-1 needs attention");
        assertThat(push.payload().get("url").asText()).endsWith("/#order/o-1");
        assertThat(push.payload().get("kind").asText()).isEqualTo("NEEDS_ATTENTION");
        assertThat(push.payload().get("severity").asText()).isEqualTo("WARNING");
    }

    @Test
    void buyersPersonalDataStaysOutOfChatAndWebhookUnlessTheCreatorTurnsItOn() {
        creatorWantsChatAndWebhook(false);
        service.notify(needsAttention("o-2", Map.of("reason", "hold", "buyerName", "Ada Lovelace",
                "buyerEmail", "ada@example.com")));
        clock.advance(Duration.ofSeconds(61));
        service.tick();
        assertThat(receivers.chat.get(0).body()).doesNotContain("Ada").doesNotContain("ada@example.com");
        assertThat(receivers.webhook.get(0).body()).doesNotContain("Ada").doesNotContain("ada@example.com")
                .contains("\"reason\":\"hold\"");

        creatorWantsChatAndWebhook(true);
        service.notify(needsAttention("o-3", Map.of("buyerName", "Grace Hopper")));
        clock.advance(Duration.ofSeconds(61));
        service.tick();
        assertThat(receivers.webhook.get(1).body()).contains("Grace Hopper");
    }

    @Test
    void aStormOf500FailuresMakesExactlyOneMessagePerMemberAndChannel() throws Exception {
        creatorWantsChatAndWebhook(false);
        member("m1", "{\"email\":{\"address\":\"m1@example.com\"},\"push\":{}}");
        member("m2", "{\"email\":{\"address\":\"m2@example.com\"},\"push\":{}}");
        subscribe("m1", "m1");
        subscribe("m2", "m2");

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Notification>> calls = IntStream.range(0, 500).mapToObj(i -> pool.submit(() ->
                    service.notify(needsAttention("storm-" + i, Map.of("reason", "carrier down"))))).toList();
            for (Future<Notification> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdown();
        }
        clock.advance(Duration.ofSeconds(61));
        service.tick();
        service.tick();

        assertThat(receivers.chat).hasSize(1);
        assertThat(Json.tree(receivers.chat.get(0).body()).get("text").asText()).isEqualTo("500 orders need attention");
        assertThat(receivers.webhook).hasSize(1);
        assertThat(Json.tree(receivers.webhook.get(0).body()).get("count").asInt()).isEqualTo(500);
        assertThat(Json.tree(receivers.webhook.get(0).body()).get("url").asText())
                .isEqualTo("https://app.creatorflow.example/#notifications");
        MimeMessage[] mail = receivers.mail.getReceivedMessages();
        assertThat(mail).hasSize(2);
        assertThat(List.of(mail[0].getAllRecipients()[0].toString(), mail[1].getAllRecipients()[0].toString()))
                .containsExactlyInAnyOrder("m1@example.com", "m2@example.com");
        assertThat(mail[0].getSubject()).isEqualTo("500 orders need attention");
        assertThat(receivers.pushed).hasSize(2);
        assertThat(service.inbox(tenant, 100, null).items()).hasSize(100);
    }

    @Test
    void quietHoursHoldANonUrgentMessageAndLetAnUrgentOneThrough() throws Exception {
        member("night", "{\"email\":{\"address\":\"night@example.com\"},\"timeZone\":\"Asia/Tokyo\","
                + "\"quietHours\":{\"start\":\"20:00\",\"end\":\"08:00\"}}");
        // 12:00 UTC is 21:00 in Tokyo: quiet until 08:00 Tokyo = 23:00 UTC
        service.notify(needsAttention("o-quiet", Map.of()));
        service.notify(new NotificationService.Request(tenant, "o-late", "SLA_AT_RISK", "URGENT",
                "Order o-late must ship within 2 hours.", Map.of("shipBy", "2026-12-07T14:00:00Z"), null));
        clock.advance(Duration.ofSeconds(61));
        service.tick();

        assertThat(receivers.mail.getReceivedMessages()).extracting(MimeMessage::getSubject)
                .containsExactly("Order o-late must ship by 2026-12-07T14:00:00Z");
        clock.advance(Duration.ofHours(10));
        service.tick();
        assertThat(receivers.mail.getReceivedMessages()).as("22:01 UTC is still quiet in Tokyo").hasSize(1);
        clock.advance(Duration.ofHours(1));
        service.tick();
        assertThat(receivers.mail.getReceivedMessages()).extracting(MimeMessage::getSubject)
                .containsExactly("Order o-late must ship by 2026-12-07T14:00:00Z", "Order o-quiet needs attention");
    }

    @Test
    void theDailyDigestGoesAtTheMembersLocalTime() throws Exception {
        // 08:30 in New York is 13:30 UTC on 7 December
        member("ny", "{\"email\":{\"address\":\"ny@example.com\"},\"timeZone\":\"America/New_York\","
                + "\"digestTime\":\"08:30\"}");
        service.notify(needsAttention("o-d1", Map.of()));
        service.notify(needsAttention("o-d2", Map.of()));
        clock.advance(Duration.ofSeconds(61));
        service.tick();
        int before = receivers.mail.getReceivedMessages().length;

        clock.advance(Duration.ofMinutes(87));
        service.tick();
        assertThat(receivers.mail.getReceivedMessages()).as("13:28 UTC is before 08:30 in New York").hasSize(before);
        clock.advance(Duration.ofMinutes(2));
        service.tick();
        MimeMessage[] mail = receivers.mail.getReceivedMessages();
        assertThat(mail).hasSize(before + 1);
        assertThat(mail[before].getSubject()).isEqualTo("Your CreatorFlow summary for 2026-12-07");
        assertThat(new String(mail[before].getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("2 orders need attention");
        clock.advance(Duration.ofDays(1));
        service.tick();
        assertThat(receivers.mail.getReceivedMessages()).as("the next day's digest").hasSize(before + 2);
    }

    @Test
    void anOrderNearItsShipByTimeBecomesOneUrgentSlaNotificationHoweverOftenTheSweepSeesIt() {
        NotificationEventsHandler events = new NotificationEventsHandler(service);
        SlaWatch watch = new SlaWatch((source, detailType, detail) -> {
            String envelope = Json.write(Map.of("id", java.util.UUID.randomUUID().toString(), "source", source,
                    "detail-type", detailType, "detail", detail));
            events.handleRequest(new java.io.ByteArrayInputStream(envelope.getBytes(StandardCharsets.UTF_8)),
                    new java.io.ByteArrayOutputStream(), LocalLambdaContext.forTest("NotificationEvents"));
        }, Duration.ofHours(4), clock);
        Order soon = Order.builder().tenantId(tenant).orderId("o-sla").state(OrderState.RESERVED)
                .shipBy(clock.instant().plus(Duration.ofHours(3))).build();
        Order later = Order.builder().tenantId(tenant).orderId("o-fine").state(OrderState.RESERVED)
                .shipBy(clock.instant().plus(Duration.ofHours(30))).build();
        watch.accept(soon);
        watch.accept(soon);
        watch.accept(later);

        var inbox = service.inbox(tenant, 10, null).items();
        assertThat(inbox).hasSize(1);
        assertThat(inbox.get(0).kind()).isEqualTo("SLA_AT_RISK");
        assertThat(inbox.get(0).severity()).isEqualTo("URGENT");
        assertThat(inbox.get(0).orderId()).isEqualTo("o-sla");
    }

    @Test
    void resendDeliversAFailedMessageAgainAndAppendsToItsLog() {
        creatorWantsChatAndWebhook(false);
        receivers.chatStatus = 503;
        var sent = service.notify(needsAttention("o-r", Map.of()));
        clock.advance(Duration.ofSeconds(61));
        service.tick();
        var chatLog = service.deliveries(tenant, sent.id()).stream().filter(d -> d.channel().equals("chat"))
                .findFirst().orElseThrow();
        assertThat(chatLog.status()).isEqualTo("FAILED");
        assertThat(chatLog.attempts()).isEqualTo(3);
        assertThat(chatLog.lastStatusCode()).isEqualTo(503);

        receivers.chatStatus = 200;
        APIGatewayV2HTTPResponse resent = call("POST /v1/notifications/messages/{messageId}/resend",
                Map.of("messageId", chatLog.messageId()), null, "m1");
        assertThat(resent.getStatusCode()).isEqualTo(200);
        JsonNode log = Json.tree(resent.getBody());
        assertThat(log.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(log.get("attempts").asInt()).isEqualTo(4);
        assertThat(receivers.chat).hasSize(4);

        String otherTenant = TestStack.tenant();
        APIGatewayV2HTTPResponse foreign = call(otherTenant, "POST /v1/notifications/messages/{messageId}/resend",
                Map.of("messageId", chatLog.messageId()), null, "m1");
        assertThat(foreign.getStatusCode()).as("another tenant's message is not found").isEqualTo(404);
    }

    @Test
    void pushRoutesServeThePublicKeyAndKeepSubscriptionsPerMember() {
        APIGatewayV2HTTPResponse key = call("GET /v1/notifications/push/public-key", Map.of(), null, "m1");
        assertThat(Json.tree(key.getBody()).get("publicKey").asText()).isEqualTo(VAPID[0]);
        String id = subscribe("m1", "a");
        assertThat(call("DELETE /v1/notifications/push/subscriptions/{subscriptionId}", Map.of("subscriptionId", id),
                null, "m2").getStatusCode()).as("another member's subscription").isEqualTo(404);
        assertThat(call("DELETE /v1/notifications/push/subscriptions/{subscriptionId}", Map.of("subscriptionId", id),
                null, "m1").getStatusCode()).isEqualTo(204);
    }

    @Test
    void badInputIsA400NamingTheField() {
        Map<String, String> member = Map.of(
                "{\"timeZone\":\"Mars/Olympus\"}", "timeZone",
                "{\"quietHours\":{\"start\":\"25:00\",\"end\":\"07:00\"}}", "quietHours.start",
                "{\"digestTime\":\"8am\"}", "digestTime",
                "{\"email\":{\"address\":\"not-an-address\"}}", "email.address",
                "{\"push\":{\"minimumSeverity\":\"LOUD\"}}", "push.minimumSeverity",
                "{\"email\":{\"address\":\"a@example.com\",\"kinds\":[\"NOPE\"]}}", "email.kinds");
        member.forEach((body, field) -> assertProblem(call("PUT /v1/notification-preferences/me", Map.of(), body,
                "m1"), field));
        Map<String, String> subscriptions = Map.of(
                "{\"endpoint\":\"https://10.0.0.8/push\",\"keys\":{\"p256dh\":\"AA\",\"auth\":\"AA\"}}", "endpoint",
                "{\"endpoint\":\"" + receivers.origin() + "/push/x\",\"keys\":{\"p256dh\":\"AAAA\",\"auth\":\"AA\"}}",
                "keys.p256dh");
        subscriptions.forEach((body, field) -> assertProblem(call("POST /v1/notifications/push/subscriptions",
                Map.of(), body, "m1"), field));
        assertProblem(call("PUT /v1/notification-preferences", Map.of(),
                "{\"chat\":{\"address\":\"https://169.254.169.254/hook\"}}", "m1"), "chat.address");
    }

    private void assertProblem(APIGatewayV2HTTPResponse response, String field) {
        assertThat(response.getStatusCode()).as(field).isEqualTo(400);
        assertThat(response.getHeaders().get("Content-Type")).isEqualTo("application/problem+json");
        assertThat(Json.tree(response.getBody()).at("/errors/0/field").asText()).as(field).isEqualTo(field);
    }

    private NotificationService.Request needsAttention(String orderId, Map<String, String> data) {
        return new NotificationService.Request(tenant, orderId, "NEEDS_ATTENTION", "WARNING",
                "Order " + orderId + " needs attention.", data, null);
    }

    private void creatorWantsChatAndWebhook(boolean includePii) {
        service.savePreferences(tenant, new NotificationPreferences(receivers.origin() + "/hook", Set.of(), "INFO",
                null, new ChannelRule(receivers.origin() + "/chat", Set.of(), "INFO"), includePii));
    }

    private void member(String memberId, String preferences) {
        APIGatewayV2HTTPResponse saved = call("PUT /v1/notification-preferences/me", Map.of(), preferences, memberId);
        assertThat(saved.getStatusCode()).as(saved.getBody()).isEqualTo(200);
    }

    private String subscribe(String memberId, String device) {
        APIGatewayV2HTTPResponse created = call("POST /v1/notifications/push/subscriptions", Map.of(),
                receivers.subscriptionJson(device), memberId);
        assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
        return Json.tree(created.getBody()).get("subscriptionId").asText();
    }

    private APIGatewayV2HTTPResponse call(String routeKey, Map<String, String> path, String body, String memberId) {
        return call(tenant, routeKey, path, body, memberId);
    }

    private APIGatewayV2HTTPResponse call(String tenantId, String routeKey, Map<String, String> path, String body,
                                          String memberId) {
        stack.env().aws().dynamo().putItem(r -> r.tableName(stack.tables().get("TeamTable")).item(Map.of(
                "tenantId", AttributeValue.fromS(tenantId), "sk", AttributeValue.fromS("member#" + memberId),
                "memberId", AttributeValue.fromS(memberId), "role", AttributeValue.fromS("OWNER"))));
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("notifications/put-preferences.json");
        event.setRouteKey(routeKey);
        event.setPathParameters(new HashMap<>(path));
        event.setBody(body);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of("custom:tenant_id", tenantId,
                "sub", memberId));
        return api.handleRequest(event, LocalLambdaContext.forTest("NotificationApi"));
    }
}
