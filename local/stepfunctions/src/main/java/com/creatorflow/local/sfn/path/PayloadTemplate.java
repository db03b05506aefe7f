package com.creatorflow.local.sfn.path;

import com.creatorflow.local.sfn.StatesError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A payload template ({@code Parameters}, {@code ResultSelector}, {@code ItemSelector}): a JSON value whose object
 * fields named {@code something.$} are replaced, at run time, by {@code something} with the value of their path or
 * intrinsic call. Compiled once when the definition is created.
 */
public final class PayloadTemplate {
    private final Node root;

    private PayloadTemplate(Node root) {
        this.root = root;
    }

    /**
     * Compiles a template; throws {@link IllegalArgumentException} naming the field when a {@code .$} value is not a
     * valid path or intrinsic call.
     */
    public static PayloadTemplate compile(JsonNode template) {
        return new PayloadTemplate(node(template));
    }

    /** Compiles the value of a {@code .$} field or a {@code ...Path} field that may also hold an intrinsic call. */
    public static Intrinsics.Expression value(String text) {
        if (Intrinsics.isCall(text)) {
            return Intrinsics.parse(text);
        }
        JsonPathExpression path = JsonPathExpression.compile(text);
        return (data, context) -> path.evaluate(data, context);
    }

    /** Evaluates the template against the effective input and the context object. */
    public JsonNode evaluate(JsonNode data, JsonNode context) {
        return root.evaluate(data, context);
    }

    private interface Node {
        JsonNode evaluate(JsonNode data, JsonNode context);
    }

    private record Constant(JsonNode value) implements Node {
        @Override
        public JsonNode evaluate(JsonNode data, JsonNode context) {
            return value;
        }
    }

    private record Field(String name, String source, Node value, Intrinsics.Expression expression) {
    }

    private record ObjectTemplate(List<Field> fields) implements Node {
        @Override
        public JsonNode evaluate(JsonNode data, JsonNode context) {
            ObjectNode out = JsonValues.NODES.objectNode();
            for (Field field : fields) {
                if (field.expression == null) {
                    out.set(field.name, field.value.evaluate(data, context));
                    continue;
                }
                try {
                    out.set(field.name, field.expression.evaluate(data, context));
                } catch (JsonPathExpression.PathNotFound e) {
                    throw StatesError.runtime("The JSONPath '" + e.path() + "' specified for the field '"
                            + field.source + "' could not be found in the input '" + JsonValues.write(
                            e.path().startsWith("$$") ? context : data) + "'");
                }
            }
            return out;
        }
    }

    private record ArrayTemplate(List<Node> items) implements Node {
        @Override
        public JsonNode evaluate(JsonNode data, JsonNode context) {
            ArrayNode out = JsonValues.NODES.arrayNode();
            for (Node item : items) {
                out.add(item.evaluate(data, context));
            }
            return out;
        }
    }

    private static Node node(JsonNode template) {
        if (template.isObject()) {
            List<Field> fields = new ArrayList<>();
            boolean dynamic = false;
            for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String key = entry.getKey();
                if (key.endsWith(".$")) {
                    if (!entry.getValue().isTextual()) {
                        throw new IllegalArgumentException("The value for the field '" + key
                                + "' must be a STRING that contains a JSONPath or an intrinsic function");
                    }
                    Intrinsics.Expression expression;
                    try {
                        expression = value(entry.getValue().asText());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("The value for the field '" + key
                                + "' must be a valid JSONPath or a valid intrinsic function call: " + e.getMessage());
                    }
                    fields.add(new Field(key.substring(0, key.length() - 2), key, null, expression));
                    dynamic = true;
                } else {
                    Node child = node(entry.getValue());
                    dynamic |= !(child instanceof Constant);
                    fields.add(new Field(key, key, child, null));
                }
            }
            return dynamic ? new ObjectTemplate(List.copyOf(fields)) : new Constant(template);
        }
        if (template.isArray()) {
            List<Node> items = new ArrayList<>();
            boolean dynamic = false;
            for (JsonNode item : template) {
                Node child = node(item);
                dynamic |= !(child instanceof Constant);
                items.add(child);
            }
            return dynamic ? new ArrayTemplate(List.copyOf(items)) : new Constant(template);
        }
        return new Constant(template);
    }
}
