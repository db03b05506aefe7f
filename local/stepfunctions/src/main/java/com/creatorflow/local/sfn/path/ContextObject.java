package com.creatorflow.local.sfn.path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The context object ({@code $$}) of a state, which also carries the workflow variables the state sees, so that
 * JSONPath expressions such as {@code $orderId.total} read variables without a separate argument.
 */
public final class ContextObject extends ObjectNode {
    private static final long serialVersionUID = 1L;

    private final transient Map<String, JsonNode> variables;

    /** A context object with the variables visible to the state. */
    public ContextObject(Map<String, JsonNode> variables) {
        super(JsonValues.NODES);
        this.variables = variables;
    }

    /** The workflow variables visible to the state, by name. */
    public Map<String, JsonNode> variables() {
        return variables;
    }

    /** The variables of a context node (none when it carries none). */
    static Map<String, JsonNode> variablesOf(JsonNode context) {
        return context instanceof ContextObject object && object.variables != null ? object.variables : Map.of();
    }
}
