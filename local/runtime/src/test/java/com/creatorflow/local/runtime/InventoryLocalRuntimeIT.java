package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.OrderRepository;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The inventory API and workflow steps run in the local runtime from the template, behind the JWT authorizer. */
class InventoryLocalRuntimeIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.start(RuntimeOptions.forTests());
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    private static String token(String tenant) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(runtime.baseUrl().resolve("/local/token"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"tenantId\":\"" + tenant + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return Json.tree(response.body()).get("token").asText();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
        return HTTP.send(request.header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void importsStockThroughTheFrontDoorAndReservesAnOrderWithTheWorkflowStep() throws Exception {
        String tenant = "tenant-inv-" + System.nanoTime();
        String token = token(tenant);
        HttpResponse<String> imported = send(HttpRequest.newBuilder(runtime.baseUrl().resolve("/v1/inventory/import"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("sku,location,quantity\nTEE-BLK-M,east,3\n"
                        + "STICKER-01,east,10\n")), token);
        assertThat(imported.statusCode()).isEqualTo(200);
        assertThat(Json.tree(imported.body()).get("applied").asInt()).isEqualTo(2);

        OrderRepository orders = OrderRepository.fromEnv(runtime.functions().get("InventoryReserveFunction").env());
        Order order = orders.create(Orders.sample(tenant).toBuilder().state(OrderState.READY).build(),
                "system:test", "ready");
        byte[] result = runtime.functions().get("InventoryReserveFunction").invokeJson(
                ("{\"tenantId\":\"" + tenant + "\",\"orderId\":\"" + order.orderId() + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(Json.tree(new String(result, StandardCharsets.UTF_8)).get("status").asText()).isEqualTo("RESERVED");

        HttpResponse<String> tee = send(HttpRequest.newBuilder(
                runtime.baseUrl().resolve("/v1/inventory/skus/TEE-BLK-M")).GET(), token);
        JsonNode stock = Json.tree(tee.body());
        assertThat(stock.get("reserved").asLong()).isEqualTo(2);
        assertThat(stock.get("available").asLong()).isEqualTo(1);

        HttpResponse<String> export = send(HttpRequest.newBuilder(runtime.baseUrl().resolve("/v1/inventory/export"))
                .GET(), token);
        assertThat(export.headers().firstValue("Content-Type")).contains("text/csv; charset=utf-8");
        assertThat(export.body()).contains("TEE-BLK-M,east,3,2,1");

        HttpResponse<String> bad = send(HttpRequest.newBuilder(runtime.baseUrl().resolve("/v1/inventory/import"))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString("sku,quantity\nTEE-BLK-M,-4\n")), token);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(Json.tree(bad.body()).at("/errors/0/field").asText()).isEqualTo("line 2: quantity");

        assertThat(HTTP.send(HttpRequest.newBuilder(runtime.baseUrl().resolve("/v1/inventory/skus")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void aLowStockCrossingReachesTheCreatorsInboxThroughTheBus() throws Exception {
        String tenant = "tenant-low-" + System.nanoTime();
        String token = token(tenant);
        send(HttpRequest.newBuilder(runtime.baseUrl().resolve("/v1/inventory/skus/CAP-RED/adjustments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"delta\":3,\"reason\":\"delivery\"}")), token);
        HttpResponse<String> threshold = send(HttpRequest.newBuilder(
                runtime.baseUrl().resolve("/v1/inventory/skus/CAP-RED/threshold"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"lowThreshold\":5}")), token);
        assertThat(Json.tree(threshold.body()).get("low").asBoolean()).isTrue();

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        boolean notified = false;
        while (!notified && System.nanoTime() < deadline) {
            HttpResponse<String> inbox = send(HttpRequest.newBuilder(
                    runtime.baseUrl().resolve("/v1/notifications")).GET(), token);
            notified = inbox.body().contains("INVENTORY_LOW") && inbox.body().contains("CAP-RED");
            if (!notified) {
                Thread.sleep(100);
            }
        }
        assertThat(notified).as("an INVENTORY_LOW notification within 20 s").isTrue();
    }
}
