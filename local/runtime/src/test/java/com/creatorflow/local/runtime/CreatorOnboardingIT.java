package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.simulators.tiktok.SimShop;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A new creator goes from sign-up to a shipped order through the HTTPS API only, on the local runtime with its
 * simulators: a token, a connected shop (TikTok's authorization flow), shipping settings, stock and SKU profiles, a
 * packer invited and joined; then the shop's next order ships, the packer prints its label and cannot change the
 * settings.
 */
class CreatorOnboardingIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Test
    void aNewCreatorConnectsSetsUpInvitesAPackerAndShipsTheNextOrderThroughTheApiOnly() throws Exception {
        try (LocalRuntime runtime = LocalRuntime.start(new RuntimeOptions(0, 0, 0, null, true))) {
            URI base = runtime.baseUrl();
            TikTokShopSimulator simulator = runtime.tiktokSimulator().orElseThrow();
            SimShop shop = simulator.addShop("Onboarding shop");
            String tenant = "creator-" + UUID.randomUUID().toString().substring(0, 8);

            String owner = token(base, Map.of("tenantId", tenant));
            JsonNode missing = send(base, "GET", "/v1/setup/readiness", null, owner, 200);
            assertThat(missing.get("ready").asBoolean()).as("a new creator is not ready").isFalse();

            DemoSetup creator = DemoSetup.signIn(base, tenant);
            creator.connectShop(simulator, shop.id());
            assertThat(send(base, "GET", "/v1/shops", null, owner, 200).toString()).contains(shop.id());
            assertThat(creator.setUpOnce(TikTokShopSimulator.sellerSkus())).as("set up once").isTrue();
            JsonNode ready = send(base, "GET", "/v1/setup/readiness", null, owner, 200);
            assertThat(ready.get("ready").asBoolean()).as(ready.toString()).isTrue();

            JsonNode invitation = send(base, "POST", "/v1/team/invitations",
                    Json.write(Map.of("email", "pat@example.com", "role", "packer")), owner, 201);
            String packer = token(base, Map.of("tenantId", tenant, "sub", "pat", "role", "packer"));
            send(base, "POST", "/v1/team/invitations/accept",
                    Json.write(Map.of("token", invitation.get("token").asText())), packer, 200);

            String orderId = simulator.createPaidOrder(shop.id());
            JsonNode shipped = awaitState(base, owner, orderId, "SHIPPED", Instant.now().plusSeconds(90));
            assertThat(shipped.get("shopId").asText()).isEqualTo(shop.id());

            HttpResponse<String> label = raw(base, "GET", "/v1/orders/" + orderId + "/label", null, packer);
            assertThat(label.statusCode()).as("the packer prints the label: " + label.body()).isIn(200, 302);
            HttpResponse<String> settings = raw(base, "PUT", "/v1/shipping/settings", "{}", packer);
            assertThat(settings.statusCode()).as("the packer cannot change settings: " + settings.body())
                    .isEqualTo(403);
        }
    }

    private static JsonNode awaitState(URI base, String token, String orderId, String state, Instant deadline)
            throws Exception {
        String seen = "not stored";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> response = raw(base, "GET", "/v1/orders/" + orderId, null, token);
            if (response.statusCode() == 200) {
                JsonNode order = Json.tree(response.body());
                seen = order.get("state").asText() + (order.hasNonNull("attentionReason")
                        ? " (" + order.get("attentionReason").asText() + ")" : "");
                if (state.equals(order.get("state").asText())) {
                    return order;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("order " + orderId + " did not reach " + state + "; last seen " + seen);
    }

    private static String token(URI base, Map<String, String> claims) throws IOException, InterruptedException {
        return send(base, "POST", "/local/token", Json.write(claims), null, 200).get("token").asText();
    }

    private static JsonNode send(URI base, String method, String path, String body, String token, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = raw(base, method, path, body, token);
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expected);
        return Json.tree(response.body());
    }

    private static HttpResponse<String> raw(URI base, String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
