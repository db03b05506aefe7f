package com.creatorflow.shared.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.store.Cursors;
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
        assertThat(request(null, "{\"a\":1}").jsonBody().get("a").asInt()).isEqualTo(1);
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
        assertThat(request(null, "{\"name\": \"n\", \"extra\": 1}").body(Shape.class).name()).isEqualTo("n");
    }

    @Test
    void aCursorThatIsNotOneOfOursIsA400NamingTheCursor() {
        for (String json : List.of("null", "[1]", "{\"pk\": 1}", "{\"pk\": \"S:t#" + "x".repeat(1_100) + "\"}")) {
            String cursor = Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
            assertThat(fieldOf(() -> Cursors.decode("t", cursor, "pk"))).as(json).isEqualTo("cursor");
        }
    }
}
