package com.creatorflow.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.http.WebhookAddressPolicy;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.notify.NotificationService;
import com.creatorflow.shared.notify.WebhookChannel;
import com.creatorflow.shared.notify.domain.NotificationPreferences;
import com.creatorflow.shared.notify.domain.NotificationTemplates;
import com.creatorflow.shared.testing.Tasks;
import com.creatorflow.shared.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class NotificationsIT {
    private final TestStack stack = TestStack.get();
    /** Names resolve from a fixed table (no DNS); loopback is allowed as on the local runtime. */
    private static final WebhookAddressPolicy ADDRESSES = new WebhookAddressPolicy(true, host ->
            host.equals("hooks.example.com") ? new InetAddress[] {InetAddress.ofLiteral("93.184.215.14")}
                    : new InetAddress[] {InetAddress.ofLiteral(host)});
    /** A zero batching window: each notification goes out at once. */
    private final NotificationService service = new NotificationService(
            stack.env().aws().dynamo(), stack.tables().get("NotificationsTable"), new NotificationService.Setup(
            List.of(new WebhookChannel(ADDRESSES)), ADDRESSES, PiiCipher.fromEnv(stack.env()), null,
            new NotificationTemplates("http://localhost:8080/dashboard"),
            new NotificationService.Delivery(3, Duration.ofMillis(10)), Duration.ZERO, Clock.systemUTC()));
    private final String tenant = TestStack.tenant();

    @Test
    void aRetriedStepNotifiesOnce() throws IOException {
        NotifyHandler handler = new NotifyHandler(service);
        ObjectNode input = fixture("/notifications/notify.json");
        JsonNode first = Tasks.invoke(handler, input);
        JsonNode second = Tasks.invoke(handler, input);
        assertThat(second.get("id")).isEqualTo(first.get("id"));
        assertThat(service.inbox(tenant, 10, null).items()).hasSize(1);
        assertThat(first.get("message").asText()).contains("shipped");
    }

    @Test
    void deliversSignedWebhooksWhereTheCreatorAskedAndOnlyThose() throws Exception {
        List<String[]> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new String[] {exchange.getRequestHeaders().getFirst("X-CreatorFlow-Signature"),
                    new String(body, StandardCharsets.UTF_8)});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            NotificationPreferences saved = service.savePreferences(tenant, new NotificationPreferences(
                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", Set.of("INVENTORY_LOW"),
                    "WARNING", null));
            assertThat(saved.signingSecret()).startsWith("whsec_");
            new NotificationEventsHandler(service).handleRequest(
                    new ByteArrayInputStream(fixture("/notifications/inventory-low.json").toString().getBytes()),
                    new ByteArrayOutputStream(), LocalLambdaContext.forTest("NotificationEvents"));
            Tasks.invoke(new NotifyHandler(service), fixture("/notifications/notify.json"));

            assertThat(received).hasSize(1);
            String[] delivery = received.get(0);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(saved.signingSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(delivery[1].getBytes(StandardCharsets.UTF_8)));
            assertThat(delivery[0]).isEqualTo(expected);
            assertThat(Json.tree(delivery[1]).get("kind").asText()).isEqualTo("INVENTORY_LOW");
            assertThat(service.inbox(tenant, 10, null).items()).hasSize(2);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aFailingWebhookKeepsTheInboxEntryAndLogsEveryAttempt() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = receiver(exchange -> {
            received.add(exchange.getRequestHeaders().getFirst("X-CreatorFlow-Delivery"));
            exchange.sendResponseHeaders(500, -1);
        });
        try {
            service.savePreferences(tenant, new NotificationPreferences("http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hook", Set.of(), "INFO", null));
            JsonNode sent = Tasks.invoke(new NotifyHandler(service), fixture("/notifications/notify.json"));

            assertThat(service.inbox(tenant, 10, null).items()).extracting(n -> n.id())
                    .containsExactly(sent.get("id").asText());
            var log = service.deliveries(tenant, sent.get("id").asText());
            assertThat(log).hasSize(1);
            assertThat(received).hasSize(3).containsOnly(log.get(0).messageId());
            assertThat(log.get(0).status()).isEqualTo("FAILED");
            assertThat(log.get(0).attempts()).isEqualTo(3);
            assertThat(log.get(0).lastStatusCode()).isEqualTo(500);
            assertThat(log.get(0).log()).extracting(a -> a.statusCode()).containsExactly(500, 500, 500);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void aRedirectToAPrivateAddressIsRefusedWithoutFollowingIt() throws Exception {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = receiver(exchange -> {
            received.add(exchange.getRequestURI().getPath());
            exchange.getResponseHeaders().add("Location", "https://10.0.0.1/internal");
            exchange.sendResponseHeaders(307, -1);
        });
        try {
            service.savePreferences(tenant, new NotificationPreferences("http://127.0.0.1:"
                    + receiver.getAddress().getPort() + "/hook", Set.of(), "INFO", null));
            JsonNode sent = Tasks.invoke(new NotifyHandler(service), fixture("/notifications/notify.json"));

            assertThat(received).containsExactly("/hook");
            var log = service.deliveries(tenant, sent.get("id").asText()).get(0);
            assertThat(log.status()).isEqualTo("REFUSED");
            assertThat(log.attempts()).isEqualTo(1);
            assertThat(log.log().get(0).error()).contains("10.0.0.1").contains("private");
            assertThat(service.inbox(tenant, 10, null).items()).hasSize(1);
        } finally {
            receiver.stop(0);
        }
    }

    /** A receiver on 127.0.0.1 that answers every request with the given handler. */
    private static HttpServer receiver(com.sun.net.httpserver.HttpHandler handler) throws IOException {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                handler.handle(exchange);
            }
        });
        receiver.start();
        return receiver;
    }

    @Test
    void preferencesApiHidesTheSecretAndNamesABadField() {
        NotificationApiHandler api = new NotificationApiHandler(service, stack.apiGuard());
        APIGatewayV2HTTPResponse saved = api.handleRequest(event("notifications/put-preferences.json", null),
                LocalLambdaContext.forTest("NotificationApi"));
        assertThat(saved.getStatusCode()).isEqualTo(200);
        assertThat(Json.tree(saved.getBody()).get("signingSecret").asText()).startsWith("whsec_");
        APIGatewayV2HTTPEvent read = event("notifications/put-preferences.json", null);
        read.setRouteKey("GET /v1/notification-preferences");
        JsonNode back = Json.tree(api.handleRequest(read, LocalLambdaContext.forTest("NotificationApi")).getBody());
        assertThat(back.has("signingSecret")).isFalse();
        assertThat(back.get("webhookUrl").asText()).isEqualTo("https://hooks.example.com/creatorflow");

        APIGatewayV2HTTPResponse bad = api.handleRequest(event("notifications/put-preferences.json",
                "{\"webhookUrl\":\"ftp://example.com\"}"), LocalLambdaContext.forTest("NotificationApi"));
        assertThat(bad.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree(bad.getBody()).at("/errors/0/field").asText()).isEqualTo("webhookUrl");
    }

    @Test
    void preferencesThatAreNotAnObjectOrHaveFieldsOfTheWrongTypeAreA400NamingTheField() {
        NotificationApiHandler api = new NotificationApiHandler(service, stack.apiGuard());
        Map<String, String> cases = Map.of("null", "body", "[]", "body", "\"prefs\"", "body",
                "{\"kinds\": \"ALL\"}", "kinds", "{\"kinds\": [[1]]}", "kinds[0]",
                "{\"webhookUrl\": {\"a\": 1}}", "webhookUrl");
        cases.forEach((body, field) -> {
            APIGatewayV2HTTPResponse response = api.handleRequest(event("notifications/put-preferences.json", body),
                    LocalLambdaContext.forTest("NotificationApi"));
            assertThat(response.getStatusCode()).as(body).isEqualTo(400);
            assertThat(Json.tree(response.getBody()).at("/errors/0/field").asText()).as(body).isEqualTo(field);
        });
    }

    @Test
    void theInboxIsPerTenant() throws IOException {
        Tasks.invoke(new NotifyHandler(service), fixture("/notifications/notify.json"));
        APIGatewayV2HTTPEvent list = event("notifications/list-notifications.json", null);
        Map<String, String> claims = new HashMap<>(list.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("custom:tenant_id", TestStack.tenant());
        list.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        JsonNode other = Json.tree(new NotificationApiHandler(service, stack.apiGuard()).handleRequest(list,
                LocalLambdaContext.forTest("NotificationApi")).getBody());
        assertThat(other.get("items")).isEmpty();
    }

    private ObjectNode fixture(String path) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(path)) {
            ObjectNode node = (ObjectNode) Json.MAPPER.readTree(in);
            if (node.has("detail")) {
                ((ObjectNode) node.get("detail")).put("tenantId", tenant);
                node.put("id", java.util.UUID.randomUUID().toString());
            } else {
                node.put("tenantId", tenant);
            }
            return node;
        }
    }

    private APIGatewayV2HTTPEvent event(String fixture, String body) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(fixture);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of("custom:tenant_id", tenant, "sub", "u1"));
        if (body != null) {
            event.setBody(body);
        }
        return event;
    }
}
