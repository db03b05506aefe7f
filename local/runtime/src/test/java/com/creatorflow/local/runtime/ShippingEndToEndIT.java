package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.simulators.carriers.DirectCarrierSimulator;
import com.creatorflow.local.simulators.carriers.EasyPostSimulator;
import com.creatorflow.local.simulators.carriers.Scenario;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.store.OrderRepository;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shipping through the whole local system: the shipping functions from the template label an order against the
 * carrier simulator, the simulator posts signed tracking webhooks through the front door, and the order moves to
 * IN_TRANSIT and DELIVERED (or NEEDS_ATTENTION); labels download through the JWT-guarded API (a redirect to a
 * pre-signed URL of the local S3).
 */
class ShippingEndToEndIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalRuntime runtime;
    private static EasyPostSimulator simulator;
    private static DirectCarrierSimulator direct;
    private static OrderRepository orders;
    private static ShippingStore store;

    @BeforeAll
    static void start() {
        direct = DirectCarrierSimulator.start();
        runtime = LocalRuntime.start(new RuntimeOptions(0, 0, 0, null, true),
                Map.of("CARRIER_UPS_URL", direct.baseUrl(Carrier.UPS).toString()));
        simulator = runtime.carrierSimulator().orElseThrow();
        simulator.latency(Duration.ZERO, Duration.ZERO);
        Env env = runtime.functions().get("CreateLabelFunction").env();
        orders = OrderRepository.fromEnv(env);
        store = ShippingStore.fromEnv(env);
    }

    @AfterAll
    static void stop() {
        runtime.close();
        direct.close();
    }

    /** A reserved order labelled by the template's ChooseCarrier and CreateLabel functions, then SHIPPED. */
    private static Order shipped(String tenant, List<String> allowed) {
        return orders.transition(RuntimeOrders.labelled(runtime, orders, store, tenant, allowed), OrderState.SHIPPED,
                "workflow:test", "tracking pushed to TikTok");
    }

    @Test
    void carrierWebhooksThroughTheFrontDoorMoveTheOrderToDelivered() {
        String tenant = "tenant-e2e-" + System.nanoTime();
        Order order = shipped(tenant, List.of("usps", "ups"));
        String tn = order.packages().get(0).trackingNumber();

        assertThat(simulator.advance(tn)).hasValueSatisfying(d -> assertThat(d.webhookStatus()).isEqualTo(200));
        assertThat(orders.get(tenant, order.orderId()).state()).isEqualTo(OrderState.IN_TRANSIT);
        assertThat(simulator.advanceToEnd(tn)).allSatisfy(d -> assertThat(d.webhookStatus()).isEqualTo(200));
        assertThat(orders.get(tenant, order.orderId()).state()).isEqualTo(OrderState.DELIVERED);
        assertThat(simulator.redeliver(tn, 2).webhookStatus()).as("a redelivered event is accepted").isEqualTo(200);
        assertThat(orders.get(tenant, order.orderId()).state()).isEqualTo(OrderState.DELIVERED);
    }

    @Test
    void anAddressProblemSendsTheOrderToNeedsAttention() throws Exception {
        String tenant = "tenant-e2e-" + System.nanoTime();
        Order order = shipped(tenant, List.of("amazon-shipping"));
        String tn = order.packages().get(0).trackingNumber();
        HttpResponse<String> control = HTTP.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl()
                        + "/_control/parcels/" + tn + "/advance"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"scenario\":\"ADDRESS_PROBLEM\",\"toEnd\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(control.statusCode()).isEqualTo(200);
        assertThat(Json.tree(control.body()).get("status").asText()).isEqualTo("ADDRESS_PROBLEM");
        Order flagged = orders.get(tenant, order.orderId());
        assertThat(flagged.state()).isEqualTo(OrderState.NEEDS_ATTENTION);
        assertThat(flagged.attentionReason()).contains(Scenario.ADDRESS_PROBLEM.name());
    }

    @Test
    void aCarrierOutageFailsOverAndTheLabelDownloadsBehindTheJwt() throws Exception {
        String tenant = "tenant-e2e-" + System.nanoTime();
        HttpResponse<String> down = HTTP.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl()
                + "/_control/ontrac/outage")).POST(HttpRequest.BodyPublishers.ofString("{\"down\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(down.statusCode()).isEqualTo(200);
        Order order;
        try {
            order = shipped(tenant, List.of("ontrac", "fedex"));
        } finally {
            simulator.faults(Carrier.ONTRAC).outage(false);
        }
        assertThat(order.packages().get(0).carrier()).isEqualTo("fedex");

        URI label = runtime.baseUrl().resolve("/v1/orders/" + order.orderId() + "/label");
        assertThat(HTTP.send(HttpRequest.newBuilder(label).GET().build(), HttpResponse.BodyHandlers.ofByteArray())
                .statusCode()).isEqualTo(401);
        String token = runtime.jwt().issue(tenant, "creator", Duration.ofMinutes(5));
        HttpResponse<byte[]> redirect = HTTP.send(HttpRequest.newBuilder(label)
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(redirect.statusCode()).isEqualTo(302);
        URI link = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        assertThat(link.toString()).startsWith(runtime.s3Endpoint().toString());
        HttpResponse<byte[]> pdf = HTTP.send(HttpRequest.newBuilder(link).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).contains("application/pdf");
        assertThat(new String(pdf.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(new String(pdf.body(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .as("EasyPost's own postage label, not one we rendered")
                .contains("TRACKING #: " + order.packages().get(0).trackingNumber());

        HttpResponse<byte[]> batch = HTTP.send(HttpRequest.newBuilder(runtime.baseUrl().resolve("/v1/labels/batch"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("orderIds", List.of(order.orderId())))))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(new String(batch.body(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    }

    private static HttpResponse<String> api(String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(runtime.baseUrl().resolve(path))
                .header("Authorization", "Bearer " + token);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aCreatorsOwnEasyPostKeyIsStoredMaskedCheckedAndBuysItsLabels() throws Exception {
        String tenant = "tenant-e2e-" + System.nanoTime();
        String token = runtime.jwt().issue(tenant, "creator", Duration.ofMinutes(5));
        String path = "/v1/shipping/carrier-accounts/easypost";
        String wrongKey = "EZTK" + "0".repeat(28) + "beef";

        HttpResponse<String> liveWithTestKey = api("PUT", path, token, Map.of("mode", "live", "apiKey", wrongKey));
        assertThat(liveWithTestKey.statusCode()).isEqualTo(400);
        assertThat(Json.tree(liveWithTestKey.body()).at("/errors/0/field").asText()).isEqualTo("apiKey");

        HttpResponse<String> wrong = api("PUT", path, token, Map.of("mode", "test", "apiKey", wrongKey));
        assertThat(wrong.statusCode()).isEqualTo(200);
        assertThat(Json.tree(wrong.body()).get("keyHint").asText()).isEqualTo("EZTK****beef");
        assertThat(wrong.body()).doesNotContain(wrongKey);
        JsonNode refused = Json.tree(api("POST", path + "/check", token, null).body());
        assertThat(refused.get("ok").asBoolean()).isFalse();
        assertThat(refused.get("message").asText()).contains("APIKEY.INACTIVE");

        HttpResponse<String> right = api("PUT", path, token, Map.of("mode", "test", "apiKey", simulator.apiKey(),
                "webhookSecret", "whsec-of-this-creator", "carriers", List.of("ups")));
        assertThat(right.statusCode()).isEqualTo(200);
        JsonNode accepted = Json.tree(api("POST", path + "/check", token, null).body());
        assertThat(accepted.get("ok").asBoolean()).as(accepted.toString()).isTrue();
        HttpResponse<String> listed = api("GET", "/v1/shipping/carrier-accounts", token, null);
        assertThat(listed.body()).doesNotContain(simulator.apiKey()).doesNotContain("whsec-of-this-creator");
        assertThat(Json.tree(listed.body()).at("/items/0/carriers/0").asText()).isEqualTo("ups");
        String other = runtime.jwt().issue("tenant-other-" + System.nanoTime(), "creator", Duration.ofMinutes(5));
        assertThat(Json.tree(api("GET", "/v1/shipping/carrier-accounts", other, null).body()).get("items"))
                .as("another creator sees none of it").isEmpty();

        Order order = shipped(tenant, List.of("usps", "ups"));
        assertThat(order.packages().get(0).carrier()).as("the account ships with UPS only; USPS would be cheaper")
                .isEqualTo("ups");
        assertThat(api("DELETE", path, token, null).statusCode()).isEqualTo(204);
    }

    @Test
    void aCreatorsOwnUpsAccountIsCheckedAndBuysItsLabelsFromUpsDirectly() throws Exception {
        String tenant = "tenant-e2e-" + System.nanoTime();
        String token = runtime.jwt().issue(tenant, "creator", Duration.ofMinutes(5));
        String path = "/v1/shipping/carrier-accounts/ups";
        Map<String, String> account = direct.account(Carrier.UPS);

        HttpResponse<String> easyPostField = api("PUT", path, token, Map.of("mode", "test", "apiKey",
                "EZTK" + "0".repeat(28) + "beef"));
        assertThat(easyPostField.statusCode()).isEqualTo(400);
        assertThat(Json.tree(easyPostField.body()).at("/errors/0/field").asText()).isEqualTo("apiKey");
        HttpResponse<String> noSecret = api("PUT", path, token, Map.of("mode", "test", "clientId",
                account.get("clientId"), "accountNumber", account.get("accountNumber")));
        assertThat(noSecret.statusCode()).isEqualTo(400);
        assertThat(Json.tree(noSecret.body()).at("/errors/0/field").asText()).isEqualTo("clientSecret");

        Map<String, String> wrong = new HashMap<>(account);
        wrong.put("clientSecret", "not-the-secret-of-this-app");
        wrong.put("mode", "test");
        assertThat(api("PUT", path, token, wrong).statusCode()).isEqualTo(200);
        JsonNode refused = Json.tree(api("POST", path + "/check", token, null).body());
        assertThat(refused.get("ok").asBoolean()).isFalse();
        assertThat(refused.get("message").asText()).as("UPS's own refusal").contains("UPS refused our credentials");

        Map<String, String> right = new HashMap<>(account);
        right.put("mode", "test");
        HttpResponse<String> saved = api("PUT", path, token, right);
        assertThat(saved.statusCode()).isEqualTo(200);
        assertThat(saved.body()).doesNotContain(account.get("clientSecret")).doesNotContain(account.get("clientId"))
                .doesNotContain(account.get("webhookSecret"));
        assertThat(Json.tree(saved.body()).get("carriers")).extracting(JsonNode::asText).containsExactly("ups");
        JsonNode accepted = Json.tree(api("POST", path + "/check", token, null).body());
        assertThat(accepted.get("ok").asBoolean()).as(accepted.toString()).isTrue();

        Order order = shipped(tenant, List.of("ups"));
        var pkg = order.packages().get(0);
        assertThat(pkg.carrier()).isEqualTo("ups");
        assertThat(direct.labelPurchases().keySet()).as("bought from UPS's own API with this creator's account")
                .anyMatch(reference -> reference.startsWith(tenant));
        assertThat(simulator.labelPurchases().keySet()).as("not through EasyPost")
                .noneMatch(reference -> reference.startsWith(tenant));
        assertThat(api("DELETE", path, token, null).statusCode()).isEqualTo(204);
    }
}
