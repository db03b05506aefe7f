package com.creatorflow.shipping.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.inventory.testing.InventoryFixture;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.setup.SetupReadiness;
import com.creatorflow.shared.shipping.ShippingSettingsService;
import com.creatorflow.shared.shipping.carrier.CarrierAccounts;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.testing.TestStack;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.domain.Shop;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The shipping settings API through its handler against the local DynamoDB, with the sample events of
 * events/shipping-api/. USPS, UPS and FedEx are reached through EasyPost ({@code EASYPOST_CARRIERS}); others are not.
 */
class ShippingSettingsApiHandlerIT {
    private static final TestStack STACK = TestStack.get();
    private static final Env ENV = STACK.env().with(Map.of("EASYPOST_API_URL", "http://127.0.0.1:9/v2",
            "EASYPOST_CARRIERS", "usps,ups,fedex", "SHOPS_TABLE", STACK.tables().get("ShopsTable")));
    private final ShippingSettingsApiHandler handler = new ShippingSettingsApiHandler(
            ShippingSettingsService.fromEnv(ENV), SetupReadiness.fromEnv(ENV), CarrierAccounts.fromEnv(ENV),
            STACK.apiGuard());
    private final String tenant = TestStack.tenant();

    private APIGatewayV2HTTPResponse call(String sample, String tenantId, Consumer<APIGatewayV2HTTPEvent> change) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("shipping-api/" + sample + ".json");
        Map<String, String> claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("custom:tenant_id", tenantId);
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        change.accept(event);
        return handler.handleRequest(event, LocalLambdaContext.forTest("ShippingSettingsApiFunction"));
    }

    private APIGatewayV2HTTPResponse call(String sample) {
        return call(sample, tenant, e -> { });
    }

    private APIGatewayV2HTTPResponse putSettings(Consumer<ObjectNode> change) {
        return call("put-settings", tenant, e -> {
            ObjectNode body = (ObjectNode) Json.tree(e.getBody());
            change.accept(body);
            e.setBody(Json.write(body));
        });
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) {
        return Json.tree(response.getBody());
    }

    private static String problemField(APIGatewayV2HTTPResponse response) {
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        return body(response).at("/errors/0/field").asText();
    }

    @Test
    void settingsAreSavedAsVersionsAndAStaleBasedOnIsA409() {
        assertThat(body(call("get-settings")).get("version").asLong()).isZero();

        APIGatewayV2HTTPResponse saved = call("put-settings");
        assertThat(saved.getStatusCode()).as(saved.getBody()).isEqualTo(200);
        JsonNode settings = body(saved);
        assertThat(settings.get("version").asLong()).isEqualTo(1);
        assertThat(settings.get("updatedBy").asText()).startsWith("user:");
        assertThat(settings.at("/shipFrom/0/address/postalCode").asText()).isEqualTo("90013");
        assertThat(settings.at("/carriers/0/services")).hasSize(2);

        JsonNode read = body(call("get-settings"));
        assertThat(read.get("version").asLong()).isEqualTo(1);
        assertThat(read.at("/shipFrom/1/id").asText()).isEqualTo("warehouse");
        assertThat(read.at("/shipFrom/0/default").asBoolean()).isTrue();
        assertThat(read.at("/shipFrom/1/default").asBoolean()).isFalse();
        assertThat(read.get("holdWindowSeconds").asInt()).isEqualTo(3600);

        APIGatewayV2HTTPResponse stale = call("put-settings");
        assertThat(stale.getStatusCode()).as("based on version 0, but 1 exists").isEqualTo(409);
        assertThat(stale.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(body(stale).get("detail").asText()).contains("version 1");

        assertThat(putSettings(b -> b.put("basedOnVersion", 1).put("handlingDays", 2)).getStatusCode())
                .isEqualTo(200);
        JsonNode versions = body(call("list-settings-versions")).get("items");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("handlingDays").asInt()).isEqualTo(2);
        assertThat(versions.get(1).get("handlingDays").asInt()).isEqualTo(1);
    }

    @Test
    void shipFromAddressesAreStoredEncrypted() {
        assertThat(call("put-settings").getStatusCode()).isEqualTo(200);
        Map<String, AttributeValue> item = STACK.env().aws().dynamo().getItem(r -> r
                .tableName(STACK.tables().get("ShippingTable"))
                .key(Map.of("pk", AttributeValue.fromS("TENANT#" + tenant), "sk", AttributeValue.fromS("SETTINGS"))))
                .item();
        assertThat(item).containsKey("shipFrom");
        assertThat(item.toString()).doesNotContain("Maya Lopez").doesNotContain("500 S Spring St");
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("a postal code of another country", (Consumer<ObjectNode>) b -> ((ObjectNode) b
                        .at("/shipFrom/0/address")).put("postalCode", "SW1A 1AA"), "shipFrom[0].address.postalCode"),
                Arguments.of("no street", (Consumer<ObjectNode>) b -> ((ObjectNode) b.at("/shipFrom/1/address"))
                        .remove("line1"), "shipFrom[1].address.line1"),
                Arguments.of("two defaults", (Consumer<ObjectNode>) b -> ((ObjectNode) b.at("/shipFrom/1"))
                        .put("default", true), "shipFrom"),
                Arguments.of("an unknown carrier", (Consumer<ObjectNode>) b -> ((ObjectNode) b.at("/carriers/1"))
                        .put("carrier", "pony-express"), "carriers[1].carrier"),
                Arguments.of("a carrier not connected here", (Consumer<ObjectNode>) b -> ((ArrayNode) b
                        .get("carriers")).addObject().put("carrier", "dhl-express"), "carriers[2].carrier"),
                Arguments.of("a service the carrier does not offer", (Consumer<ObjectNode>) b -> ((ArrayNode) b
                        .at("/carriers/0/services")).add("NEXT_DAY_AIR"), "carriers[0].services[2]"),
                Arguments.of("ZPL labels, which are not generated", (Consumer<ObjectNode>) b -> b
                        .put("labelFormat", "ZPL"), "labelFormat"),
                Arguments.of("a setting nothing carries out", (Consumer<ObjectNode>) b -> b
                        .put("backorderPolicy", "SHIP_PARTIAL"), "backorderPolicy"),
                Arguments.of("a negative hold window", (Consumer<ObjectNode>) b -> b.put("holdWindowSeconds", -1),
                        "holdWindowSeconds"),
                Arguments.of("a failover carrier not allowed", (Consumer<ObjectNode>) b -> ((ArrayNode) b
                        .get("failoverOrder")).add("fedex"), "failoverOrder[2]"),
                Arguments.of("a box without length", (Consumer<ObjectNode>) b -> ((ObjectNode) b.at("/packaging/0"))
                        .put("lengthMm", 0), "packaging[0].lengthMm"),
                Arguments.of("a text basedOnVersion", (Consumer<ObjectNode>) b -> b.put("basedOnVersion", "one"),
                        "basedOnVersion"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void badSettingsAreA400NamingTheFieldAndNothingIsSaved(String why, Consumer<ObjectNode> change, String field) {
        APIGatewayV2HTTPResponse response = putSettings(change);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        assertThat(problemField(response)).isEqualTo(field);
        assertThat(body(call("get-settings")).get("version").asLong()).isZero();
    }

    @Test
    void aProfileIsVersionedValidatedAndOnlyItsTenantSeesIt() {
        APIGatewayV2HTTPResponse saved = call("put-profile");
        assertThat(saved.getStatusCode()).as(saved.getBody()).isEqualTo(200);
        assertThat(body(saved).get("version").asLong()).isEqualTo(1);
        assertThat(body(saved).at("/profile/hsCode").asText()).isEqualTo("6109.10");
        assertThat(call("put-profile").getStatusCode()).as("based on version 0, but 1 exists").isEqualTo(409);
        assertThat(body(call("get-profile")).at("/profile/weightGrams").asInt()).isEqualTo(220);
        assertThat(call("get-profile", TestStack.tenant(), e -> { }).getStatusCode())
                .as("another tenant's profile is missing to them").isEqualTo(404);

        APIGatewayV2HTTPResponse heavy = call("put-profile", tenant, e -> e.setBody(
                "{\"weightGrams\": 0, \"lengthMm\": 1, \"widthMm\": 1, \"heightMm\": 1}"));
        assertThat(heavy.getStatusCode()).isEqualTo(400);
        assertThat(problemField(heavy)).isEqualTo("weightGrams");
        APIGatewayV2HTTPResponse hs = call("put-profile", tenant, e -> e.setBody(
                "{\"weightGrams\": 5, \"lengthMm\": 1, \"widthMm\": 1, \"heightMm\": 1, \"hsCode\": \"shirts\"}"));
        assertThat(problemField(hs)).isEqualTo("hsCode");

        assertThat(call("delete-profile").getStatusCode()).isEqualTo(204);
        assertThat(call("get-profile").getStatusCode()).isEqualTo(404);
        assertThat(call("delete-profile").getStatusCode()).isEqualTo(404);
    }

    @Test
    void profilesImportAndExportAsCsvRoundTrip() {
        APIGatewayV2HTTPResponse imported = call("import-profiles");
        assertThat(imported.getStatusCode()).as(imported.getBody()).isEqualTo(200);
        assertThat(body(imported).get("saved").asInt()).isEqualTo(3);

        APIGatewayV2HTTPResponse export = call("export-profiles");
        assertThat(export.getHeaders().get("Content-Type")).startsWith("text/csv");
        String csv = export.getBody();
        assertThat(csv).startsWith("sku,weightGrams,lengthMm,widthMm,heightMm,hsCode,shipsAlone\n")
                .contains("LIGHT-RING-10,900,300,300,80,9405.40,true")
                .as("a formula-like SKU is written as text").contains("'=cmd");

        APIGatewayV2HTTPResponse again = call("import-profiles", tenant, e -> e.setBody(csv));
        assertThat(again.getStatusCode()).isEqualTo(200);
        assertThat(call("export-profiles").getBody()).as("an export imports back unchanged").isEqualTo(csv);
        JsonNode listed = body(call("list-profiles")).get("items");
        assertThat(listed.findValuesAsText("sku")).containsExactly("=cmd|' /C calc'!A0", "LIGHT-RING-10",
                "TEE-BLK-M");
        assertThat(listed.get(0).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void aProfilesFileWithABadRowChangesNothingAndNamesEveryLine() {
        String csv = "sku,weightGrams,lengthMm,widthMm,heightMm\nCAP-01,120,200,200,100\nCAP-02,heavy,200,200,100\n"
                + "CAP-03,120,200,200,-4\n";
        APIGatewayV2HTTPResponse refused = call("import-profiles", tenant, e -> e.setBody(csv));
        assertThat(refused.getStatusCode()).isEqualTo(400);
        JsonNode problem = body(refused);
        assertThat(problem.get("errors").findValuesAsText("field")).containsExactly("line 3: weightGrams",
                "line 4: heightMm");
        assertThat(body(call("list-profiles")).get("items")).as("all or nothing").isEmpty();

        APIGatewayV2HTTPResponse noHeader = call("import-profiles", tenant, e -> e.setBody("sku,weight\nA,1\n"));
        assertThat(problemField(noHeader)).isEqualTo("line 1: header");
    }

    private APIGatewayV2HTTPResponse putAccount(String tenantId, String adapter, Map<String, String> body) {
        return call("put-profile", tenantId, e -> {
            e.setRouteKey("PUT /v1/shipping/carrier-accounts/{adapter}");
            e.getRequestContext().setRouteKey("PUT /v1/shipping/carrier-accounts/{adapter}");
            e.setRawPath("/v1/shipping/carrier-accounts/" + adapter);
            e.getRequestContext().getHttp().setPath("/v1/shipping/carrier-accounts/" + adapter);
            e.setPathParameters(Map.of("adapter", adapter));
            e.setBody(Json.write(body));
        });
    }

    @Test
    void aUspsAccountNeedsItsIdsIsStoredSealedAndAnsweredMasked() {
        Map<String, String> usps = new HashMap<>(Map.of("mode", "live", "clientId", "usps-consumer-key-0001",
                "clientSecret", "usps-consumer-secret-9876", "accountNumber", "1000200030", "mid", "901234567"));
        assertThat(problemField(putAccount(tenant, "usps", usps))).isEqualTo("crid");
        Map<String, String> withApiKey = new HashMap<>(usps);
        withApiKey.put("apiKey", "EZAK0000000000000000");
        assertThat(problemField(putAccount(tenant, "usps", withApiKey))).as("an EasyPost field").isEqualTo("apiKey");
        Map<String, String> fedex = new HashMap<>(usps);
        fedex.remove("mid");
        fedex.put("crid", "12345678");
        assertThat(problemField(putAccount(tenant, "fedex", fedex))).as("a USPS field").isEqualTo("crid");

        usps.put("crid", "12345678");
        APIGatewayV2HTTPResponse saved = putAccount(tenant, "usps", usps);
        assertThat(saved.getStatusCode()).isEqualTo(200);
        JsonNode account = body(saved);
        assertThat(account.get("keyHint").asText()).isEqualTo("usps****0001");
        assertThat(account.get("carriers")).extracting(JsonNode::asText).containsExactly("usps");
        assertThat(saved.getBody()).doesNotContain("usps-consumer-secret-9876").doesNotContain("1000200030");
        Map<String, AttributeValue> item = STACK.env().aws().dynamo().getItem(r -> r
                .tableName(STACK.tables().get("ShippingTable")).key(Map.of("pk", AttributeValue.fromS("TENANT#"
                        + tenant), "sk", AttributeValue.fromS("CARRIER_ACCOUNT#usps")))).item();
        assertThat(new String(item.get("credentials").b().asByteArray(), StandardCharsets.ISO_8859_1))
                .as("sealed").doesNotContain("usps-consumer-secret-9876").doesNotContain("901234567");
        assertThat(item.toString()).doesNotContain("usps-consumer-secret-9876").doesNotContain("12345678");
    }

    @Test
    void readinessNamesWhatIsMissingUntilEverythingIsSet() {
        JsonNode empty = body(call("get-readiness"));
        assertThat(empty.get("ready").asBoolean()).isFalse();
        assertThat(empty.get("missing").toString()).contains("shop", "shipFrom", "carriers");

        OrderRepository orders = OrderRepository.fromEnv(STACK.env());
        orders.create(Orders.sample(tenant), "system:test", "imported");
        assertThat(call("put-settings").getStatusCode()).isEqualTo(200);
        new ShopRegistry(STACK.env().aws().dynamo(), STACK.tables().get("ShopsTable"),
                PiiCipher.fromEnv(STACK.env()), Clock.systemUTC())
                .save(new Shop("7495" + System.nanoTime(), tenant, "Test shop", "US", null, Shop.Status.AUTHORIZED,
                        null, null, null, null));
        JsonNode partly = body(call("get-readiness"));
        assertThat(partly.get("missing")).extracting(JsonNode::asText).containsExactly("profiles", "stock");
        JsonNode checks = partly.get("checks");
        assertThat(checks.get(3).get("skus")).extracting(JsonNode::asText)
                .containsExactly("STICKER-01", "TEE-BLK-M");

        assertThat(call("put-profile").getStatusCode()).isEqualTo(200);
        InventoryFixture inventory = new InventoryFixture();
        inventory.service().stock().adjust(tenant, "TEE-BLK-M", "default", 10, "first count", "user:test");
        JsonNode later = body(call("get-readiness"));
        assertThat(later.get("checks").get(3).get("skus")).extracting(JsonNode::asText).containsExactly("STICKER-01");
        assertThat(later.get("checks").get(4).get("skus")).extracting(JsonNode::asText).containsExactly("STICKER-01");

        call("put-profile", tenant, e -> {
            e.setPathParameters(Map.of("sku", "STICKER-01"));
            e.setBody("{\"weightGrams\": 30, \"lengthMm\": 150, \"widthMm\": 100, \"heightMm\": 5}");
        });
        inventory.service().stock().adjust(tenant, "STICKER-01", "default", 10, "first count", "user:test");
        JsonNode ready = body(call("get-readiness"));
        assertThat(ready.get("ready").asBoolean()).as(ready.toString()).isTrue();
        assertThat(ready.get("missing")).isEmpty();
        assertThat(ready.get("checks")).hasSize(5);
    }
}
