package com.creatorflow.shared.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.creatorflow.shared.aws.Cursors;
import com.creatorflow.shared.error.ValidationFailed;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one place request input is parsed: ids, JSON bodies and bound types are refused with the field named. */
class ApiRequestTest {
    private static ApiRequest request(Map<String, String> path, String body) {
        return new ApiRequest(APIGatewayV2HTTPEvent.builder().withPathParameters(path).withBody(body)
                .withIsBase64Encoded(false).build());
    }

    private static String fieldOf(Runnable call) {
        ValidationFailed failed = catchThrowableOfType(ValidationFailed.class, call::run);
        assertThat(failed).as("refused with ValidationFailed").isNotNull();
        return failed.field();
    }

    @Test
    void aPathIdOverTheKeyLimitOrWithAKeySeparatorIsA400NamingIt() {
        assertThat(request(Map.of("orderId", "576462207837409441"), null).path("orderId"))
                .isEqualTo("576462207837409441");
        assertThat(request(Map.of("sku", "TEE BLACK/M é"), null).path("sku")).isEqualTo("TEE BLACK/M é");
        for (String bad : List.of("9".repeat(ApiRequest.MAX_ID_LENGTH + 1), "é".repeat(600), "a#b", " a", "a\u0000",
                "", "   ")) {
            assertThat(fieldOf(() -> request(Map.of("orderId", bad), null).path("orderId"))).isEqualTo("orderId");
        }
        assertThat(fieldOf(() -> request(null, null).path("jobId"))).isEqualTo("jobId");
    }

    @Test
    void aJsonBodyThatIsNotAnObjectIsA400NamingTheBody() {
        for (String body : List.of("null", "[]", "1", "\"text\"", "{", "")) {
            assertThat(fieldOf(() -> request(null, body).jsonBody())).as(body).isEqualTo("body");
        }
        assertThat(request(null, "{\"a\":1}").jsonBody("a", "b").get("a").asInt()).isEqualTo(1);
    }

    @Test
    void aFieldTheRouteDoesNotAcceptIsA400NamingItAndListingTheAcceptedOnes() {
        ValidationFailed failed = catchThrowableOfType(ValidationFailed.class,
                () -> request(null, "{\"a\": 1, \"c\": 2}").jsonBody("b", "a"));
        assertThat(failed.field()).isEqualTo("c");
        assertThat(failed.getMessage()).isEqualTo("c is not a field of this request; accepted: a, b");
        assertThat(fieldOf(() -> ApiRequest.onlyFields((com.fasterxml.jackson.databind.node.ObjectNode)
                com.creatorflow.shared.json.Json.tree("{\"sku\": 1, \"qty\": 2}"), "components[3]", "sku")))
                .isEqualTo("components[3].qty");
    }

    @Test
    void aBodyOverTheRoutesLimitIsA413() {
        String body = "{\"a\": \"" + "x".repeat(ApiRequest.MAX_JSON_BYTES) + "\"}";
        assertThatThrownBy(() -> request(null, body).jsonBody("a")).isInstanceOfSatisfying(
                com.creatorflow.shared.error.PayloadTooLarge.class, e -> assertThat(e.httpStatus()).isEqualTo(413));
        assertThat(request(null, body).jsonBody(2 * ApiRequest.MAX_JSON_BYTES, "a").get("a").asText())
                .hasSize(ApiRequest.MAX_JSON_BYTES);
        assertThatThrownBy(() -> request(null, "x".repeat(11)).bodyBytes(10))
                .isInstanceOf(com.creatorflow.shared.error.PayloadTooLarge.class);
    }

    @Test
    void ifMatchNamesAVersionAndAStaleOrForeignTagIs412() {
        assertThat(withHeader("If-Match", "\"7\"").ifMatchVersion()).contains(7L);
        assertThat(withHeader("If-Match", "*").ifMatchVersion()).isEmpty();
        assertThat(request(null, null).ifMatchVersion()).isEmpty();
        withHeader("if-match", "\"7\"").requireMatch(7);
        for (String tag : List.of("\"6\"", "W/\"7\"", "7", "\"7\", \"8\"", "\"abc\"")) {
            assertThatThrownBy(() -> withHeader("If-Match", tag).requireMatch(7)).as(tag)
                    .isInstanceOf(com.creatorflow.shared.error.PreconditionFailed.class);
        }
    }

    @Test
    void aTenantClaimWithAKeySeparatorIsForbidden() {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        var jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
        jwt.setClaims(Map.of(ApiRequest.TENANT_CLAIM, "acme#find#trk#1Z999"));
        var authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setJwt(jwt);
        var context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setAuthorizer(authorizer);
        event.setRequestContext(context);
        assertThatThrownBy(() -> new ApiRequest(event).tenantId()).isInstanceOfSatisfying(
                ApiRequest.MissingTenant.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
        jwt.setClaims(Map.of(ApiRequest.TENANT_CLAIM, "acme"));
        assertThat(new ApiRequest(event).tenantId()).isEqualTo("acme");
    }

    private static ApiRequest withHeader(String name, String value) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setHeaders(Map.of(name, value));
        return new ApiRequest(event);
    }

    /** A request shape with nested parts. */
    record Shape(String name, Map<String, Object> edits, List<Integer> counts, Inner inner) {
    }

    /** A nested part. */
    record Inner(boolean flag) {
    }

    @Test
    void aFieldOfTheWrongTypeIsA400NamingItByItsPath() {
        assertThat(fieldOf(() -> request(null, "{\"edits\": true}").body(Shape.class))).isEqualTo("edits");
        assertThat(fieldOf(() -> request(null, "{\"counts\": [1, \"x\"]}").body(Shape.class))).isEqualTo("counts[1]");
        assertThat(fieldOf(() -> request(null, "{\"inner\": {\"flag\": [1]}}").body(Shape.class)))
                .isEqualTo("inner.flag");
        assertThat(fieldOf(() -> request(null, "{\"name\": {}}").body(Shape.class))).isEqualTo("name");
        ValidationFailed failed = catchThrowableOfType(ValidationFailed.class,
                () -> request(null, "{\"edits\": 7}").body(Shape.class));
        assertThat(failed.getMessage()).isEqualTo("edits must be an object");
        assertThat(fieldOf(() -> request(null, "{\"name\": \"n\", \"extra\": 1}").body(Shape.class)))
                .isEqualTo("extra");
        assertThat(fieldOf(() -> request(null, "{\"inner\": {\"flag\": true, \"flg\": 1}}").body(Shape.class)))
                .isEqualTo("inner.flg");
        assertThat(request(null, "{\"name\": \"n\", \"edits\": {\"any\": 1}}").body(Shape.class).name())
                .isEqualTo("n");
    }

    @Test
    void aCursorThatIsNotOneOfOursIsA400NamingTheCursor() {
        for (String json : List.of("null", "[1]", "{\"pk\": 1}", "{\"pk\": \"S:t#" + "x".repeat(1_100) + "\"}")) {
            String cursor = Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
            assertThat(fieldOf(() -> Cursors.decode("t", cursor, "pk"))).as(json).isEqualTo("cursor");
        }
    }
}
