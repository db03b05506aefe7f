package com.creatorflow.local.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.util.Map;

/**
 * What a target receives for an event, as EventBridge builds it: the constant {@code Input}, the part of the event
 * that {@code InputPath} selects, the {@code InputTransformer}'s template filled from its JSONPath variables, or else
 * the whole event. In a template, a variable inside a JSON string is inserted as text; outside a string it is
 * inserted as a JSON value (a string gets its quotes). The predefined variables {@code aws.events.rule-arn},
 * {@code aws.events.rule-name}, {@code aws.events.event.ingestion-time}, {@code aws.events.event} (the event without
 * its detail) and {@code aws.events.event.json} (the whole event) are supported.
 */
public final class TargetInput {
    private static final Configuration JSON_PATH = Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider(Jsons.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Jsons.MAPPER))
            .options(Option.SUPPRESS_EXCEPTIONS)
            .build();

    private TargetInput() {
    }

    /**
     * The payload for a target.
     *
     * @param target the target
     * @param rule the rule that matched
     * @param event the event envelope
     * @param ingestionTime when the bus accepted the event (ISO-8601)
     */
    public static String render(RuleTarget target, BusRule rule, JsonNode event, String ingestionTime) {
        if (target.input() != null) {
            return target.input();
        }
        if (target.inputPath() != null) {
            return write(select(event, target.inputPath()));
        }
        if (target.inputTransformer() != null) {
            return fill(target.inputTransformer(), rule, event, ingestionTime);
        }
        return write(event);
    }

    private static String fill(RuleTarget.InputTransformer transformer, BusRule rule, JsonNode event,
                               String ingestionTime) {
        String template = transformer.inputTemplate();
        StringBuilder out = new StringBuilder(template.length() + 64);
        boolean inString = false;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '"' && (i == 0 || template.charAt(i - 1) != '\\')) {
                inString = !inString;
            }
            int close = c == '<' ? template.indexOf('>', i + 1) : -1;
            if (close > i) {
                String name = template.substring(i + 1, close);
                JsonNode value = variable(name, transformer.inputPathsMap(), rule, event, ingestionTime);
                if (value != MISSING) {
                    out.append(inString ? inText(value) : write(value));
                    i = close + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static final JsonNode MISSING = TextNode.valueOf("\u0000missing");

    private static JsonNode variable(String name, Map<String, String> paths, BusRule rule, JsonNode event,
                                     String ingestionTime) {
        switch (name) {
            case "aws.events.rule-arn":
                return TextNode.valueOf(rule.arn());
            case "aws.events.rule-name":
                return TextNode.valueOf(rule.name());
            case "aws.events.event.ingestion-time":
                return TextNode.valueOf(ingestionTime);
            case "aws.events.event.json":
                return event;
            case "aws.events.event":
                ObjectNode withoutDetail = event.deepCopy();
                withoutDetail.remove("detail");
                return withoutDetail;
            default:
                String path = paths.get(name);
                return path == null ? MISSING : select(event, path);
        }
    }

    private static JsonNode select(JsonNode event, String path) {
        Object value = JsonPath.using(JSON_PATH).parse(event).read(path);
        return value instanceof JsonNode node ? node : JsonNodeFactory.instance.nullNode();
    }

    private static String inText(JsonNode value) {
        String text = value.isTextual() ? value.asText() : value.isNull() ? "" : write(value);
        String quoted = write(TextNode.valueOf(text));
        return quoted.substring(1, quoted.length() - 1);
    }

    private static String write(JsonNode node) {
        try {
            return Jsons.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
