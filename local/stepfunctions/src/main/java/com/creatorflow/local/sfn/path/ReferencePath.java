package com.creatorflow.local.sfn.path;

import com.creatorflow.local.sfn.StatesError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A Reference Path (the form {@code ResultPath} takes): a definite path of names and indices that says where to put a
 * value in a JSON document. Setting copies only the spine of the path, so the original document is never changed.
 */
public final class ReferencePath {
    private final String text;
    private final List<Object> segments;

    private ReferencePath(String text, List<Object> segments) {
        this.text = text;
        this.segments = segments;
    }

    /** Compiles a reference path; throws {@link IllegalArgumentException} when it is not one. */
    public static ReferencePath compile(String text) {
        List<Object> segments = text == null || text.startsWith("$$") ? null : JsonPathExpression.simpleSegments(text);
        if (segments == null) {
            throw new IllegalArgumentException("The value '" + text + "' is not a valid Reference Path "
                    + "(names and indices only, no wildcards, filters or context object)");
        }
        return new ReferencePath(text, segments);
    }

    /** The path as written. */
    public String text() {
        return text;
    }

    /** A copy of {@code document} with {@code value} placed at this path (the value itself when the path is {@code $}). */
    public JsonNode set(JsonNode document, JsonNode value) {
        if (segments.isEmpty()) {
            return value;
        }
        return set(document, 0, value);
    }

    private JsonNode set(JsonNode node, int depth, JsonNode value) {
        if (depth == segments.size()) {
            return value;
        }
        Object segment = segments.get(depth);
        if (segment instanceof Integer index) {
            if (node == null || !node.isArray() || index >= node.size()) {
                throw StatesError.runtime("Unable to apply ResultPath '" + text + "': index " + index
                        + " does not exist in " + describe(node));
            }
            ArrayNode copy = ((ArrayNode) node).deepCopy();
            copy.set(index, set(node.get(index), depth + 1, value));
            return copy;
        }
        ObjectNode copy;
        if (node == null || node.isMissingNode()) {
            copy = JsonValues.NODES.objectNode();
        } else if (node.isObject()) {
            copy = JsonValues.NODES.objectNode();
            copy.setAll((ObjectNode) node);
        } else {
            throw StatesError.runtime("Unable to apply ResultPath '" + text + "' to input " + describe(node)
                    + ": it is not a JSON object");
        }
        copy.set((String) segment, set(node == null ? null : node.get((String) segment), depth + 1, value));
        return copy;
    }

    private static String describe(JsonNode node) {
        return node == null ? "nothing" : "'" + JsonValues.write(node) + "'";
    }

    @Override
    public String toString() {
        return text;
    }
}
