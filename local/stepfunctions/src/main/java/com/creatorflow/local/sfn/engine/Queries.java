package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.StatesError;
import com.creatorflow.local.sfn.asl.State;
import com.creatorflow.local.sfn.asl.StateQuery;
import com.creatorflow.local.sfn.path.ContextObject;
import com.creatorflow.local.sfn.path.JsonValues;
import com.creatorflow.local.sfn.path.JsonataTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Workflow variables and JSONata evaluation for the {@link Interpreter}: the variables a frame sees (its own scope and,
 * for Parallel branches and inline Map iterations, the scopes around it; a distributed Map's iterations see none),
 * {@code $states}, and {@code Assign}, whose expressions all see the variables as they were when the state began.
 */
final class Queries {
    /** AWS's limit on one variable's value and on all values of one Assign (256 KiB). */
    static final int MAX_ASSIGN_BYTES = 256 * 1024;

    private Queries() {
    }

    /** The variables a frame sees, inner scopes first. */
    static Map<String, JsonNode> visible(Frame f) {
        Map<String, JsonNode> out = null;
        for (Frame scope = f; scope != null; scope = outerScope(scope)) {
            if (scope.variables == null) {
                continue;
            }
            if (out == null) {
                out = new HashMap<>();
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = scope.variables.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                out.putIfAbsent(entry.getKey(), entry.getValue());
            }
        }
        return out == null ? Map.of() : out;
    }

    private static Frame outerScope(Frame f) {
        Frame parent = f.parent;
        if (parent != null && parent.state() instanceof State.Map map && map.distributed() != null) {
            return null;
        }
        return parent;
    }

    /** {@code $states} for a state: its raw input and the context object. */
    static ObjectNode states(JsonNode input, ObjectNode context) {
        ObjectNode states = JsonValues.NODES.objectNode();
        states.set("input", input);
        states.set("context", context);
        return states;
    }

    /** Evaluates a JSONata field with {@code $states} and the variables the context carries. */
    static JsonNode eval(JsonataTemplate template, ObjectNode states, ObjectNode context) {
        return template.evaluate(states, ((ContextObject) context).variables());
    }

    /**
     * The values of an {@code Assign} (null when there is none): JSONata with {@code $states}, or JSONPath with
     * {@code $} the given data (the state's result after ResultSelector, its input, or the error output).
     */
    static ObjectNode assignment(StateQuery.Assign assign, JsonNode pathData, ObjectNode states,
                                 ObjectNode context) {
        if (assign == null) {
            return null;
        }
        JsonNode values = assign.jsonata() != null ? eval(assign.jsonata(), states, context)
                : assign.path().evaluate(pathData, context);
        ObjectNode out = (ObjectNode) values;
        int total = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = out.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            int size = JsonValues.write(entry.getValue()).getBytes(StandardCharsets.UTF_8).length;
            if (size > MAX_ASSIGN_BYTES) {
                throw StatesError.runtime("The value assigned to the variable '" + entry.getKey() + "' is "
                        + size + " bytes; a variable holds at most " + MAX_ASSIGN_BYTES + " bytes");
            }
            total += size;
        }
        if (total > MAX_ASSIGN_BYTES) {
            throw StatesError.runtime("The values of Assign total " + total + " bytes; one Assign holds at most "
                    + MAX_ASSIGN_BYTES + " bytes");
        }
        return out;
    }

    /** Stores assigned values in the frame's own scope (a new object, so journaled records never change). */
    static void assign(Execution x, Frame f, ObjectNode values) {
        if (values == null || values.isEmpty()) {
            return;
        }
        ObjectNode next = f.variables == null ? JsonValues.NODES.objectNode() : f.variables.deepCopy();
        next.setAll(values);
        f.variables = next;
        x.touch(f);
    }
}
