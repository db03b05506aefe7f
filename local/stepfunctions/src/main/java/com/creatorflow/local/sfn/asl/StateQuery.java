package com.creatorflow.local.sfn.asl;

import com.creatorflow.local.sfn.path.JsonataTemplate;
import com.creatorflow.local.sfn.path.PayloadTemplate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a state has beyond its JSONPath fields: its query language, its JSONata fields ({@code Arguments},
 * {@code Output}, and fields given as {@code {% %}} expressions), its {@code Assign}, and those of its Choice rules and
 * catchers.
 *
 * @param jsonata true when the state's query language is JSONata
 * @param arguments {@code Arguments} (Task, Parallel), or null
 * @param output {@code Output}, or null
 * @param assign {@code Assign}, or null
 * @param rules per Choice rule, in order: its JSONata {@code Condition} (null for JSONPath rules), {@code Assign},
 *              {@code Output}
 * @param catchers per catcher, in order: its {@code Assign} and {@code Output}
 * @param fields other fields given as JSONata ({@code Items}, {@code ItemSelector}, {@code Seconds},
 *               {@code Timestamp}, {@code TimeoutSeconds}, {@code HeartbeatSeconds}, {@code MaxConcurrency},
 *               {@code ToleratedFailureCount}, {@code ToleratedFailurePercentage}, {@code Error}, {@code Cause})
 */
public record StateQuery(boolean jsonata, JsonataTemplate arguments, JsonataTemplate output, Assign assign,
                         List<Rule> rules, List<Handler> catchers, Map<String, JsonataTemplate> fields) {
    /** A JSONPath state without Assign. */
    public static final StateQuery JSONPATH = new StateQuery(false, null, null, null, List.of(), List.of(), Map.of());

    /** A JSONata field, or null. */
    public JsonataTemplate field(String name) {
        return fields.get(name);
    }

    /**
     * An {@code Assign} block: JSONata (values may be {@code {% %}} expressions) or JSONPath (keys ending in
     * {@code .$} take a path or intrinsic call).
     *
     * @param names the variables it assigns
     */
    public record Assign(Set<String> names, JsonataTemplate jsonata, PayloadTemplate path) {
    }

    /** A Choice rule's JSONata condition and next state (null for JSONPath rules), Assign and Output (may be null). */
    public record Rule(JsonataTemplate condition, String next, Assign assign, JsonataTemplate output) {
    }

    /** A catcher's Assign and Output (each may be null). */
    public record Handler(Assign assign, JsonataTemplate output) {
    }
}
