package com.creatorflow.local.runtime;

import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Connects a simulated TikTok shop to a tenant the way a creator does, over HTTP: {@code POST /v1/shops/connect}
 * with the creator's token, the simulator's authorization page (auto-approving the shop) and its redirect to
 * {@code GET /v1/shops/callback}. For demo seeding, benchmarks and tests.
 */
public final class TikTokShopConnector {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private TikTokShopConnector() {
    }

    /**
     * Connects {@code shopId} of {@code simulator} through the API at {@code api} for the tenant of
     * {@code bearerToken}; returns the shop ids connected.
     *
     * @throws IllegalStateException when a step answers otherwise than expected (the body tells why)
     */
    public static List<String> connect(URI api, String bearerToken, TikTokShopSimulator simulator, String shopId) {
        JsonNode started = Json.tree(send(HttpRequest.newBuilder(api.resolve("/v1/shops/connect"))
                .header("Authorization", "Bearer " + bearerToken)
                .POST(HttpRequest.BodyPublishers.noBody()), 201).body());
        HttpResponse<String> approval;
        synchronized (simulator) {
            simulator.autoApprove(shopId);
            try {
                approval = send(HttpRequest.newBuilder(URI.create(started.path("authorizationUrl").asText())).GET(),
                        302);
            } finally {
                simulator.autoApprove(null);
            }
        }
        URI callback = URI.create(approval.headers().firstValue("Location").orElseThrow());
        JsonNode connected = Json.tree(send(HttpRequest.newBuilder(callback).GET(), 200).body());
        List<String> ids = new ArrayList<>();
        connected.path("connected").forEach(shop -> ids.add(shop.path("shopId").asText()));
        return ids;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                        + " answered " + response.statusCode() + ": " + response.body());
            }
            return response;
        } catch (IOException e) {
            throw new IllegalStateException("connecting a shop failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting a shop", e);
        }
    }
}
