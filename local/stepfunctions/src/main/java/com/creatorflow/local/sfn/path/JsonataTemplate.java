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
 * A field of a JSONata state ({@code Arguments}, {@code Output}, {@code Assign}, {@code Items}, ...): any JSON value in
 * which every string of the form {@code "{% expression %}"}, at any depth, is replaced by the expression's value.
 * Compiled once when the definition is created. An expression that gives nothing (undefined) is a
 * {@code States.QueryEvaluationError}, as in AWS.
 */
public final class JsonataTemplate {
    private final String field;
    private final Node root;

    private JsonataTemplate(String field, Node root) {
        this.field = field;
        this.root = root;
    }

    /** True when a string is a JSONata expression ({@code {% ... %}}). */
    public static boolean isExpression(String text) {
        String trimmed = text.strip();
        return trimmed.startsWith("{%") && trimmed.endsWith("%}") && trimmed.length() >= 4;
    }

    /**
     * Compiles a field's value; throws {@link IllegalArgumentException} naming the place of an invalid expression.
     *
     * @param field the field's name, for error messages
     */
    public static JsonataTemplate compile(String field, JsonNode value) {
        return new JsonataTemplate(field, node(value, field));
    }

    /** The field's name. */
    public String field() {
        return field;
    }

    /** True when the whole value is one expression (so its result may be any JSON type). */
    public boolean isSingleExpression() {
        return root instanceof Expression;
    }

    /** True when the value holds no expression at all. */
    public boolean isConstant() {
        return root instanceof Constant;
    }

    /** Evaluates the template with {@code $states} and the variables bound. */
    public JsonNode evaluate(JsonNode states, Map<String, JsonNode> variables) {
        return root.evaluate(states, variables);
    }

    private interface Node {
        JsonNode evaluate(JsonNode states, Map<String, JsonNode> variables);
    }

    private record Constant(JsonNode value) implements Node {
        @Override
        public JsonNode evaluate(JsonNode states, Map<String, JsonNode> variables) {
            return value;
        }
    }

    private record Expression(String location, JsonataExpression expression) implements Node {
        @Override
        public JsonNode evaluate(JsonNode states, Map<String, JsonNode> variables) {
            JsonNode value = expression.evaluate(states, variables);
            if (value == null) {
                throw StatesError.query("The JSONata expression '" + expression.text() + "' specified for the field '"
                        + location + "' returned nothing (undefined).");
            }
            return value;
        }
    }

    private record ObjectTemplate(List<String> names, List<Node> values) implements Node {
        @Override
        public JsonNode evaluate(JsonNode states, Map<String, JsonNode> variables) {
            ObjectNode out = JsonValues.NODES.objectNode();
            for (int i = 0; i < names.size(); i++) {
                out.set(names.get(i), values.get(i).evaluate(states, variables));
            }
            return out;
        }
    }

    private record ArrayTemplate(List<Node> items) implements Node {
        @Override
        public JsonNode evaluate(JsonNode states, Map<String, JsonNode> variables) {
            ArrayNode out = JsonValues.NODES.arrayNode();
            for (Node item : items) {
                out.add(item.evaluate(states, variables));
            }
            return out;
        }
    }

    private static Node node(JsonNode value, String location) {
        if (value.isTextual() && isExpression(value.asText())) {
            String text = value.asText().strip();
            try {
                return new Expression(location, JsonataExpression.compile(text.substring(2, text.length() - 2).strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(location + ": " + e.getMessage());
            }
        }
        if (value.isObject()) {
            List<String> names = new ArrayList<>();
            List<Node> values = new ArrayList<>();
            boolean dynamic = false;
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                Node child = node(entry.getValue(), location + "/" + entry.getKey());
                dynamic |= !(child instanceof Constant);
                names.add(entry.getKey());
                values.add(child);
            }
            return dynamic ? new ObjectTemplate(List.copyOf(names), List.copyOf(values)) : new Constant(value);
        }
        if (value.isArray()) {
            List<Node> items = new ArrayList<>();
            boolean dynamic = false;
            for (int i = 0; i < value.size(); i++) {
                Node child = node(value.get(i), location + "[" + i + "]");
                dynamic |= !(child instanceof Constant);
                items.add(child);
            }
            return dynamic ? new ArrayTemplate(List.copyOf(items)) : new Constant(value);
        }
        return new Constant(value);
    }
}
