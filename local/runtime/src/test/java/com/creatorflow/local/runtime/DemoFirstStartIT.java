package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo works on first start, as the README runs it: the local runtime with its simulators on free ports and a
 * durable data folder sets the demo creator up through the creators' API, and the demo orders reach LABELED or
 * SHIPPED within 60 seconds; a restart on the same folder sends no more demo orders and changes no settings.
 */
class DemoFirstStartIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Set<String> DONE = Set.of("LABELED", "SHIPPED", "IN_TRANSIT", "DELIVERED");

    @Test
    void demoOrdersAreLabelledWithinAMinuteAndARestartAddsNone(@TempDir Path data) throws Exception {
        Instant started = Instant.now();
        List<JsonNode> first;
        long settingsVersion;
        try (LocalRuntime runtime = LocalRuntime.start(new RuntimeOptions(0, 0, 0, data, true))) {
            String token = token(runtime.baseUrl());
            first = awaitDemoOrdersDone(runtime.baseUrl(), token, started.plusSeconds(60));
            assertThat(first).hasSize(TikTokSimulation.DEMO_ORDERS);
            JsonNode readiness = get(runtime.baseUrl(), token, "/v1/setup/readiness");
            assertThat(readiness.get("ready").asBoolean()).as(readiness.toString()).isTrue();
            JsonNode settings = get(runtime.baseUrl(), token, "/v1/shipping/settings");
            settingsVersion = settings.get("version").asLong();
            assertThat(settings.get("holdWindowSeconds").asInt()).isEqualTo(DemoSetup.DEMO_HOLD_SECONDS);
        }

        try (LocalRuntime runtime = LocalRuntime.start(new RuntimeOptions(0, 0, 0, data, true))) {
            String token = token(runtime.baseUrl());
            Thread.sleep(5_000);
            assertThat(runtime.tiktokSimulator().orElseThrow().orderIds(TikTokSimulation.DEMO_SHOP_ID))
                    .as("the simulator created no order after the restart").isEmpty();
            assertThat(orders(runtime.baseUrl(), token)).as("a restart adds no demo orders")
                    .hasSize(TikTokSimulation.DEMO_ORDERS);
            assertThat(get(runtime.baseUrl(), token, "/v1/shipping/settings").get("version").asLong())
                    .as("a restart leaves the creator's settings alone").isEqualTo(settingsVersion);
        }
    }

    private static List<JsonNode> awaitDemoOrdersDone(URI base, String token, Instant deadline) throws Exception {
        List<JsonNode> orders = List.of();
        while (Instant.now().isBefore(deadline)) {
            orders = orders(base, token);
            if (orders.size() == TikTokSimulation.DEMO_ORDERS
                    && orders.stream().allMatch(o -> DONE.contains(o.get("state").asText()))) {
                return orders;
            }
            Thread.sleep(500);
        }
        List<String> states = orders.stream().map(o -> o.get("orderId").asText() + "=" + o.get("state").asText()
                + (o.hasNonNull("attentionReason") ? " (" + o.get("attentionReason").asText() + ")" : "")).toList();
        throw new AssertionError("the demo orders were not LABELED or SHIPPED within 60 s: " + states);
    }

    private static List<JsonNode> orders(URI base, String token) throws IOException, InterruptedException {
        List<JsonNode> items = new ArrayList<>();
        get(base, token, "/v1/orders?limit=100").get("items").forEach(items::add);
        return items;
    }

    private static String token(URI base) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/local/token"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenantId\":\"" + TikTokSimulation.DEMO_TENANT + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return Json.tree(response.body()).get("token").asText();
    }

    private static JsonNode get(URI base, String token, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return Json.tree(response.body());
    }
}
