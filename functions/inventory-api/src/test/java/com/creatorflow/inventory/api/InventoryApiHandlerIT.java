package com.creatorflow.inventory.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.inventory.testing.InventoryFixture;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The inventory API through its handler, with the sample events of events/inventory-api/. */
class InventoryApiHandlerIT {
    private final InventoryFixture fixture = new InventoryFixture();
    private final InventoryApiHandler handler = new InventoryApiHandler(fixture.service(),
            TestStack.get().apiGuard());
    private final String tenant = TestStack.tenant();

    private APIGatewayV2HTTPResponse call(String sample, String tenantId, Consumer<APIGatewayV2HTTPEvent> change) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("inventory-api/" + sample + ".json");
        Map<String, String> claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("custom:tenant_id", tenantId);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        change.accept(event);
        return handler.handleRequest(event, LocalLambdaContext.forTest("InventoryApi"));
    }

    private APIGatewayV2HTTPResponse call(String sample) {
        return call(sample, tenant, e -> { });
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) {
        return Json.tree(response.getBody());
    }

    private APIGatewayV2HTTPResponse importCsv(String csv, boolean partial) {
        return call("import-stock", tenant, e -> {
            e.setBody(csv);
            if (partial) {
                e.setQueryStringParameters(Map.of("partial", "true"));
            }
        });
    }

    @Test
    void importsThenShowsListsAndExportsStock() {
        APIGatewayV2HTTPResponse imported = call("import-stock");
        assertThat(imported.getStatusCode()).isEqualTo(200);
        assertThat(body(imported).get("applied").asInt()).isEqualTo(3);

        JsonNode tee = body(call("get-stock"));
        assertThat(tee.get("onHand").asLong()).isEqualTo(160);
        assertThat(tee.get("available").asLong()).isEqualTo(160);
        assertThat(tee.get("locations")).hasSize(2);

        assertThat(body(call("list-stock")).get("items")).hasSize(3);
        APIGatewayV2HTTPResponse export = call("export-stock");
        assertThat(export.getHeaders()).containsEntry("Content-Type", "text/csv; charset=utf-8");
        assertThat(export.getBody()).isEqualTo("sku,location,quantity,reserved,available\n"
                + "STICKER-01,east,500,0,500\nTEE-BLK-M,east,120,0,120\nTEE-BLK-M,west,40,0,40\n");

        assertThat(body(importCsv(export.getBody(), false)).get("unchanged").asInt()).isEqualTo(3);
        assertThat(body(call("list-stock", TestStack.tenant(), e -> { })).get("items")).isEmpty();
    }

    @Test
    void aFileWithErrorsIsRefusedWholeWithEveryLineNamedUnlessPartial() {
        String csv = "sku,location,quantity\nTEE,east,5\nCAP,east,many\nMUG,east,3\n,east,1\n";
        APIGatewayV2HTTPResponse refused = importCsv(csv, false);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        JsonNode problem = body(refused);
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("line 3: quantity");
        assertThat(problem.at("/errors/1/field").asText()).isEqualTo("line 5: sku");
        assertThat(fixture.inventory().stock(tenant, "TEE").onHand()).as("nothing applied").isZero();

        JsonNode partial = body(importCsv(csv, true));
        assertThat(partial.get("applied").asInt()).isEqualTo(2);
        assertThat(partial.get("errors")).hasSize(2);
        assertThat(fixture.inventory().stock(tenant, "TEE").onHand()).isEqualTo(5);
    }

    @Test
    void aCountBelowTheReservedUnitsIsALineError() {
        importCsv("sku,location,quantity\nTEE,east,5\n", false);
        Order order = fixture.readyOrder(tenant, Map.of("TEE", 4));
        fixture.service().reservations().reserveOrder(tenant, order.orderId(), null);
        JsonNode problem = body(importCsv("sku,location,quantity\nTEE,east,3\n", false));
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo("line 2: quantity");
        assertThat(problem.at("/errors/0/message").asText()).contains("below the 4 units");
    }

    @Test
    void adjustmentsNeedAReasonAndAreInTheMovementHistory() {
        APIGatewayV2HTTPResponse adjusted = call("adjust-stock");
        assertThat(adjusted.getStatusCode()).isEqualTo(200);
        assertThat(body(adjusted).at("/stock/available").asLong()).isEqualTo(24);

        JsonNode movements = body(call("list-movements"));
        assertThat(movements.at("/items/0/kind").asText()).isEqualTo("ADJUST");
        assertThat(movements.at("/items/0/reason").asText()).isEqualTo("supplier delivery PO-1182");
        assertThat(movements.at("/items/0/actor").asText()).startsWith("user:");

        APIGatewayV2HTTPResponse noReason = call("adjust-stock", tenant,
                e -> e.setBody("{\"location\":\"east\",\"delta\":-1}"));
        assertThat(noReason.getStatusCode()).isEqualTo(400);
        assertThat(body(noReason).at("/errors/0/field").asText()).isEqualTo("reason");

        APIGatewayV2HTTPResponse tooMuch = call("adjust-stock", tenant,
                e -> e.setBody("{\"location\":\"east\",\"delta\":-25,\"reason\":\"stocktake\"}"));
        assertThat(tooMuch.getStatusCode()).isEqualTo(409);
        assertThat(body(tooMuch).get("title").asText()).isEqualTo("InsufficientStock");
    }

    @Test
    void managesBundlesThresholdsAndSettings() {
        assertThat(call("put-bundle").getStatusCode()).isEqualTo(200);
        assertThat(body(call("list-bundles")).at("/items/0/components")).hasSize(2);
        APIGatewayV2HTTPResponse nested = call("put-bundle", tenant, e -> {
            e.setPathParameters(Map.of("sku", "MEGA-KIT"));
            e.setBody("{\"components\":[{\"sku\":\"LIVE-KIT\",\"quantity\":1}]}");
        });
        assertThat(nested.getStatusCode()).isEqualTo(400);
        assertThat(call("delete-bundle").getStatusCode()).isEqualTo(204);
        assertThat(call("delete-bundle").getStatusCode()).isEqualTo(404);

        assertThat(body(call("put-threshold")).get("lowThreshold").asLong()).isEqualTo(10);
        assertThat(body(call("put-settings")).get("restockOnReturn").asBoolean()).isTrue();
        assertThat(body(call("get-settings")).get("locationPriority").get(0).asText()).isEqualTo("east");
        APIGatewayV2HTTPResponse badPolicy = call("put-settings", tenant,
                e -> e.setBody("{\"onShortage\":\"PANIC\"}"));
        assertThat(body(badPolicy).at("/errors/0/field").asText()).isEqualTo("onShortage");
    }

    @Test
    void showsTheBackOrderListOldestFirst() {
        Order first = fixture.readyOrder(tenant, "TEE-BLK-M");
        Order second = fixture.readyOrder(tenant, "TEE-BLK-M");
        fixture.service().reservations().reserveOrder(tenant, first.orderId(), null);
        fixture.service().reservations().reserveOrder(tenant, second.orderId(), null);
        JsonNode list = body(call("list-backorders"));
        assertThat(list.at("/items/0/orderId").asText()).isEqualTo(first.orderId());
        assertThat(list.at("/items/1/orderId").asText()).isEqualTo(second.orderId());
        assertThat(list.at("/items/0/needs/TEE-BLK-M").asInt()).isEqualTo(1);
        fixture.service().reservations().awaitStock(tenant, first.orderId(), "secret-task-token");
        assertThat(call("list-backorders").getBody()).doesNotContain("secret-task-token");
    }

    @Test
    void aCursorOfAnotherTenantIsRefused() {
        call("import-stock");
        String cursor = body(call("list-stock", tenant, e -> e.setQueryStringParameters(Map.of("limit", "1"))))
                .get("nextCursor").asText();
        APIGatewayV2HTTPResponse stolen = call("list-stock", TestStack.tenant(),
                e -> e.setQueryStringParameters(Map.of("cursor", cursor)));
        assertThat(stolen.getStatusCode()).isEqualTo(400);
        assertThat(body(stolen).at("/errors/0/field").asText()).isEqualTo("cursor");
    }
}
