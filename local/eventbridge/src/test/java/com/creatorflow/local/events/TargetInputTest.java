package com.creatorflow.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Target input as EventBridge builds it: Input, InputPath, InputTransformer and the whole event. */
class TargetInputTest {
    private static final JsonNode EVENT = tree("""
            {"version": "0", "id": "e-1", "detail-type": "OrderStatusChanged", "source": "creatorflow.orders",
             "account": "000000000000", "time": "2026-11-25T22:30:00Z", "region": "us-east-1", "resources": [],
             "detail": {"orderId": "576", "to": "SHIPPED", "version": 7, "note": "say \\"hi\\"", "tags": ["a", "b"]}}""");
    private static final BusRule RULE = new BusRule("ShippedRule", "arn:aws:events:us-east-1:000000000000:rule/ShippedRule",
            "default", "{}", true, null, List.of());

    private static JsonNode tree(String json) {
        try {
            return Jsons.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String render(String input, String inputPath, RuleTarget.InputTransformer transformer) {
        return TargetInput.render(new RuleTarget("t", "arn:aws:sqs:us-east-1:000000000000:q", input, inputPath,
                transformer, null, null, null), RULE, EVENT, "2026-11-25T22:30:01.000Z");
    }

    @Test
    void withoutInputSettingsTheWholeEventGoes() {
        assertThat(tree(render(null, null, null))).isEqualTo(EVENT);
    }

    @Test
    void constantInputAndInputPath() {
        assertThat(render("{\"fixed\": true}", null, null)).isEqualTo("{\"fixed\": true}");
        assertThat(tree(render(null, "$.detail", null))).isEqualTo(EVENT.get("detail"));
        assertThat(render(null, "$.detail.to", null)).isEqualTo("\"SHIPPED\"");
    }

    @Test
    void variablesAreJsonValuesOutsideStringsAndTextInsideThem() {
        String out = render(null, null, new RuleTarget.InputTransformer(
                Map.of("id", "$.detail.orderId", "v", "$.detail.version", "tags", "$.detail.tags",
                        "note", "$.detail.note", "none", "$.detail.missing"),
                "{\"id\": <id>, \"v\": <v>, \"tags\": <tags>, \"text\": \"order <id> v<v>: <note>\", "
                        + "\"none\": <none>, \"rule\": \"<aws.events.rule-name>\", \"unknown\": \"<nope>\"}"));
        JsonNode node = tree(out);
        assertThat(node.get("id").asText()).isEqualTo("576");
        assertThat(node.get("v").asInt()).isEqualTo(7);
        assertThat(node.get("tags").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(node.get("text").asText()).isEqualTo("order 576 v7: say \"hi\"");
        assertThat(node.get("none").isNull()).isTrue();
        assertThat(node.get("rule").asText()).isEqualTo("ShippedRule");
        assertThat(node.get("unknown").asText()).isEqualTo("<nope>");
    }

    @Test
    void predefinedEventVariables() {
        JsonNode node = tree(render(null, null, new RuleTarget.InputTransformer(Map.of(),
                "{\"full\": <aws.events.event.json>, \"head\": <aws.events.event>, \"arn\": \"<aws.events.rule-arn>\"}")));
        assertThat(node.get("full")).isEqualTo(EVENT);
        assertThat(node.get("head").has("detail")).isFalse();
        assertThat(node.get("head").get("id").asText()).isEqualTo("e-1");
        assertThat(node.get("arn").asText()).isEqualTo(RULE.arn());
    }

    @Test
    void aPlainTextTemplateStaysText() {
        assertThat(render(null, null, new RuleTarget.InputTransformer(Map.of("id", "$.detail.orderId"),
                "\"Order <id> shipped\""))).isEqualTo("\"Order 576 shipped\"");
    }
}
