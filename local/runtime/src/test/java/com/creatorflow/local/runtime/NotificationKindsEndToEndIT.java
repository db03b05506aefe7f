package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.OrderRepository;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The event-raised kinds BULK_JOB_FINISHED, SHOP_RECONNECT and TIKTOK_SYNC_FAILED through the running local runtime:
 * the bulk worker, the token-refresh schedule and the order-sync worker (on a message's last receive) put their
 * events on the local bus, its rule hands them to NotificationEventsFunction, and a member who chose the kind gets an
 * email from the embedded SMTP server; a member whose preference leaves the kind out gets the inbox entry, no email.
 */
class NotificationKindsEndToEndIT {
    private static final String APP_KEY = "kinds-app";
    private static final String APP_SECRET = "kinds-secret-" + UUID.randomUUID();
    private static TikTokShopSimulator simulator;
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        simulator = TikTokShopSimulator.start(APP_KEY, APP_SECRET);
        runtime = LocalRuntime.start(RuntimeOptions.forTests(), Map.of("NOTIFY_BATCH_WINDOW_SECONDS", "0",
                "TIKTOK_APP_KEY", APP_KEY, "TIKTOK_APP_SECRET", APP_SECRET,
                "TIKTOK_API_URL", simulator.baseUrl().toString(), "TIKTOK_AUTH_URL", simulator.baseUrl().toString(),
                "TIKTOK_AUTHORIZE_URL", simulator.authorizeUrl().toString(),
                "TIKTOK_SERVICE_ID", simulator.serviceId(), "TIKTOK_BACKOFF_MILLIS", "20"));
        simulator.redirectUrl(runtime.baseUrl().resolve("/v1/shops/callback"));
        simulator.webhooks().target(runtime.baseUrl().resolve("/webhooks/tiktok"));
    }

    @AfterAll
    static void stop() {
        runtime.close();
        simulator.close();
    }

    @Test
    void aFinishedBulkJobEmailsTheMemberWhoChoseItWithItsCountsAndNotTheOneWhoDidNot() throws Exception {
        String chose = member("bulk-mail-", "BULK_JOB_FINISHED");
        String leftOut = member("bulk-quiet-", "INVENTORY_LOW");
        for (String tenant : List.of(chose, leftOut)) {
            List<String> ids = readyOrders(tenant, 3);
            HttpResponse<String> started = send(tenant, "POST", "/v1/bulk-actions", Json.write(Map.of(
                    "action", "TAG", "orderIds", ids, "tags", List.of("bulk-notified"))));
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        }

        MimeMessage mail = onlyMailOf(chose, leftOut, "BULK_JOB_FINISHED");
        assertThat(mail.getSubject()).isEqualTo("Bulk job finished");
        assertThat(text(mail)).contains("<th align=\"left\">succeeded</th><td>3</td>")
                .contains("<th align=\"left\">failed</th><td>0</td>").contains("<td>/v1/bulk-actions/bulk-");
    }

    @Test
    void aShopThatNeedsReconnectingIsAnnouncedOnceByEmailToTheMemberWhoChoseIt() throws Exception {
        String chose = member("shop-mail-", "SHOP_RECONNECT");
        String leftOut = member("shop-quiet-", "BULK_JOB_FINISHED");
        for (String tenant : List.of(chose, leftOut)) {
            String shopId = simulator.addShop("Shop of " + tenant).id();
            TikTokShopConnector.connect(runtime.baseUrl(), token(tenant), simulator, shopId);
            simulator.deauthorize(shopId);
            Eventually.await("shop " + shopId + " shows reconnect needed", Duration.ofSeconds(30), () ->
                    Json.tree(send(tenant, "GET", "/v1/shops", null).body()).findValuesAsText("status")
                            .contains("DEAUTHORIZED"));
        }

        runtime.functions().get("ShopTokenRefreshFunction").invoke(new ScheduledEvent());
        runtime.functions().get("ShopTokenRefreshFunction").invoke(new ScheduledEvent());

        assertThat(onlyMailOf(chose, leftOut, "SHOP_RECONNECT").getSubject())
                .as("one announcement for one move, two refresh runs").isEqualTo("Your TikTok shop needs reconnecting");
    }

    @Test
    void aTikTokSyncGivenUpOnItsLastReceiveEmailsTheMemberWhoChoseItOnceAndNotTheOneWhoDidNot() throws Exception {
        String chose = member("sync-mail-", "TIKTOK_SYNC_FAILED");
        String leftOut = member("sync-quiet-", "SHOP_RECONNECT");

        SQSBatchResponse retried = sync(syncMessage(chose, 1));
        SQSBatchResponse givenUp = sync(syncMessage(chose, 5), syncMessage(leftOut, 5));

        assertThat(retried.getBatchItemFailures()).hasSize(1);
        assertThat(givenUp.getBatchItemFailures()).hasSize(2);
        assertThat(onlyMailOf(chose, leftOut, "TIKTOK_SYNC_FAILED").getSubject()).as("only the last receive fails")
                .isEqualTo("TikTok sync failed");
    }

    /** A TikTok order notification for a shop that is not registered: it fails every time it is tried. */
    private static SQSEvent.SQSMessage syncMessage(String tenant, int receives) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setReceiptHandle("not-from-the-queue");
        message.setAttributes(Map.of("ApproximateReceiveCount", String.valueOf(receives)));
        message.setBody(Json.write(Map.of("notificationKey", "kinds-" + UUID.randomUUID(), "notificationId",
                "n-" + UUID.randomUUID(), "type", 1, "shopId", "no-such-shop-" + UUID.randomUUID(),
                "tenantId", tenant, "orderIds", List.of("576000000000000099"), "source", "webhook")));
        return message;
    }

    private static SQSBatchResponse sync(SQSEvent.SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return (SQSBatchResponse) runtime.functions().get("TikTokSyncFunction").invoke(event);
    }

    private static List<String> readyOrders(String tenant, int count) {
        OrderRepository orders = OrderRepository.fromEnv(runtime.functions().get("CreateLabelFunction").env());
        return IntStream.range(0, count).mapToObj(i -> {
            Order created = orders.create(Orders.sample(tenant).toBuilder().tags(Set.of("kinds")).build(),
                    "system:test", "imported");
            return orders.transition(created, OrderState.READY, "workflow:test", "validated").orderId();
        }).toList();
    }

    /** A new tenant whose member's email preference names one kind. */
    private static String member(String prefix, String kind) throws Exception {
        String tenant = prefix + UUID.randomUUID();
        emailKinds(tenant, kind);
        return tenant;
    }

    /**
     * Waits for the mail to {@code chose} and for the {@code kind} notification in {@code leftOut}'s inbox, checks
     * that {@code leftOut} got no mail and {@code chose} exactly one, and answers that one.
     */
    private static MimeMessage onlyMailOf(String chose, String leftOut, String kind) throws Exception {
        MimeMessage mail = awaitMail(chose);
        awaitInbox(leftOut, kind);
        assertThat(mailsTo(leftOut)).isEmpty();
        Thread.sleep(1000);
        assertThat(mailsTo(chose)).hasSize(1);
        return mail;
    }

    private static void emailKinds(String tenant, String kind) throws Exception {
        HttpResponse<String> saved = send(tenant, "PUT", "/v1/notification-preferences/me", "{\"email\":{\"address\":\""
                + tenant + "@example.com\",\"kinds\":[\"" + kind + "\"],\"minimumSeverity\":\"INFO\"}}");
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
    }

    private static MimeMessage awaitMail(String tenant) throws Exception {
        Eventually.await("a mail to " + tenant, Duration.ofSeconds(60), () -> !mailsTo(tenant).isEmpty());
        return mailsTo(tenant).get(0);
    }

    private static List<MimeMessage> mailsTo(String tenant) {
        return Arrays.stream(runtime.receivedMail()).filter(mail -> recipient(mail).equals(tenant + "@example.com"))
                .toList();
    }

    private static void awaitInbox(String tenant, String kind) throws Exception {
        Eventually.await("a " + kind + " notification in the inbox of " + tenant, Duration.ofSeconds(60), () ->
                Json.tree(send(tenant, "GET", "/v1/notifications", null).body()).path("items")
                        .findValuesAsText("kind").contains(kind));
    }

    /** The mail's text parts, decoded. */
    private static String text(jakarta.mail.Part part) throws Exception {
        Object content = part.getContent();
        if (content instanceof jakarta.mail.Multipart multipart) {
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < multipart.getCount(); i++) {
                all.append(text(multipart.getBodyPart(i)));
            }
            return all.toString();
        }
        return String.valueOf(content);
    }

    private static String recipient(MimeMessage mail) {
        try {
            return String.valueOf(mail.getAllRecipients()[0]);
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    private static String token(String tenant) {
        return runtime.jwt().issue(tenant, "creator", Duration.ofMinutes(5));
    }

    private static HttpResponse<String> send(String tenant, String method, String path, String body)
            throws Exception {
        return ApiClient.send(runtime, method, path, body, token(tenant), null);
    }
}
