package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Creators' notifications on the local runtime: a failing webhook keeps the inbox entry and leaves a delivery log
 * with every attempt; webhook URLs at non-public addresses are refused on save, and a redirect to one is not
 * followed. Only 127.0.0.1 is ever connected to: refused addresses are refused before any connection.
 */
class NotificationDeliveryEndToEndIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.start(RuntimeOptions.forTests(), Map.of("NOTIFY_WEBHOOK_BACKOFF_MILLIS", "50",
                "NOTIFY_BATCH_WINDOW_SECONDS", "0"));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void aFailingWebhookKeepsTheInboxEntryAndTheDeliveryLogShowsEachAttempt() throws Exception {
        String tenant = "tenant-hook-" + System.nanoTime();
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = receiver(received, 500, null);
        try {
            assertThat(preferences(tenant, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook")
                    .statusCode()).isEqualTo(200);
            lowStock(tenant);
            JsonNode notification = awaitInbox(tenant);
            String path = "/v1/notifications/" + notification.get("id").asText() + "/deliveries";
            JsonNode log = awaitFinished(tenant, path);
            assertThat(log.get("status").asText()).isEqualTo("FAILED");
            assertThat(log.get("attempts").asInt()).isEqualTo(3);
            assertThat(log.get("lastStatusCode").asInt()).isEqualTo(500);
            assertThat(log.get("log").findValuesAsText("statusCode")).containsExactly("500", "500", "500");
            assertThat(received).hasSize(3);
            assertThat(send("tenant-other-" + System.nanoTime(), HttpRequest.newBuilder(runtime.baseUrl()
                    .resolve(path)).GET()).statusCode()).as("another tenant").isEqualTo(404);
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void webhookUrlsAtNonPublicAddressesAreRefusedNamingTheField() throws Exception {
        String tenant = "tenant-ssrf-" + System.nanoTime();
        for (String url : List.of("https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/",
                "https://172.16.0.5/", "https://192.168.1.1/", "https://100.64.0.1/", "https://[fd00:ec2::254]/",
                "https://[fe80::1]/", "https://[::ffff:169.254.169.254]/", "https://0.0.0.0/", "ftp://127.0.0.1/")) {
            HttpResponse<String> refused = preferences(tenant, url);
            assertThat(refused.statusCode()).as(url).isEqualTo(400);
            assertThat(Json.tree(refused.body()).at("/errors/0/field").asText()).as(url).isEqualTo("webhookUrl");
        }
    }

    @Test
    void aRedirectToTheMetadataAddressIsNotFollowed() throws Exception {
        String tenant = "tenant-redirect-" + System.nanoTime();
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = receiver(received, 307, "https://169.254.169.254/latest/meta-data/");
        try {
            preferences(tenant, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            lowStock(tenant);
            JsonNode notification = awaitInbox(tenant);
            JsonNode log = awaitFinished(tenant, "/v1/notifications/" + notification.get("id").asText()
                    + "/deliveries");
            assertThat(log.get("status").asText()).isEqualTo("REFUSED");
            assertThat(log.at("/log/0/error").asText()).contains("169.254.169.254").contains("metadata");
            assertThat(received).containsExactly("/hook");
        } finally {
            receiver.stop(0);
        }
    }

    /** A receiver on 127.0.0.1 answering every request with a status (and a Location, for a redirect). */
    @Test
    void lowStockReachesAMembersEmailThroughTheLocalSmtpServer() throws Exception {
        String tenant = "tenant-mail-" + System.nanoTime();
        HttpResponse<String> saved = send(tenant, HttpRequest.newBuilder(runtime.baseUrl()
                .resolve("/v1/notification-preferences/me")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"email\":{\"address\":\"" + tenant
                        + "@example.com\",\"kinds\":[\"INVENTORY_LOW\"]}}")));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
        lowStock(tenant);
        Eventually.await("a low-stock mail to " + tenant, Duration.ofSeconds(30), () -> java.util.Arrays.stream(
                runtime.receivedMail()).anyMatch(mail -> recipient(mail).equals(tenant + "@example.com")));
        var mail = java.util.Arrays.stream(runtime.receivedMail())
                .filter(m -> recipient(m).equals(tenant + "@example.com")).findFirst().orElseThrow();
        assertThat(mail.getSubject()).isEqualTo("Low stock: CAP-RED");
    }

    private static String recipient(jakarta.mail.internet.MimeMessage mail) {
        try {
            return String.valueOf(mail.getAllRecipients()[0]);
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    private static HttpServer receiver(List<String> received, int status, String location) throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                received.add(exchange.getRequestURI().getPath());
                if (location != null) {
                    exchange.getResponseHeaders().add("Location", location);
                }
                exchange.sendResponseHeaders(status, -1);
            }
        });
        receiver.start();
        return receiver;
    }

    private static HttpResponse<String> preferences(String tenant, String url) throws Exception {
        return send(tenant, HttpRequest.newBuilder(runtime.baseUrl().resolve("/v1/notification-preferences"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"webhookUrl\":\"" + url + "\",\"kinds\":[\"INVENTORY_LOW\"],\"minimumSeverity\":\"INFO\"}")));
    }

    /** Stock of CAP-RED below its threshold: an InventoryLow event, then a notification. */
    private static void lowStock(String tenant) throws Exception {
        send(tenant, HttpRequest.newBuilder(runtime.baseUrl().resolve("/v1/inventory/skus/CAP-RED/adjustments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"delta\":3,\"reason\":\"delivery\"}")));
        send(tenant, HttpRequest.newBuilder(runtime.baseUrl().resolve("/v1/inventory/skus/CAP-RED/threshold"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"lowThreshold\":5}")));
    }

    private static JsonNode awaitInbox(String tenant) throws Exception {
        JsonNode[] first = new JsonNode[1];
        Eventually.await("a notification in the inbox of " + tenant, Duration.ofSeconds(30), () -> {
            first[0] = Json.tree(send(tenant, HttpRequest.newBuilder(runtime.baseUrl().resolve("/v1/notifications"))
                    .GET()).body()).path("items").path(0);
            return !first[0].isMissingNode();
        });
        return first[0];
    }

    private static JsonNode awaitFinished(String tenant, String path) throws Exception {
        JsonNode[] log = new JsonNode[1];
        Eventually.await("the delivery of " + path + " finishes", Duration.ofSeconds(30), () -> {
            log[0] = Json.tree(send(tenant, HttpRequest.newBuilder(runtime.baseUrl().resolve(path)).GET()).body())
                    .path("items").path(0);
            return !log[0].isMissingNode() && !log[0].path("status").asText().equals("PENDING");
        });
        return log[0];
    }

    private static HttpResponse<String> send(String tenant, HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.header("Authorization", "Bearer " + runtime.jwt().issue(tenant, "creator",
                Duration.ofMinutes(5))).build(), HttpResponse.BodyHandlers.ofString());
    }
}
