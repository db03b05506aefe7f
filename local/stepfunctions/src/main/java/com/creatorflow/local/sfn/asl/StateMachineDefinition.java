package com.creatorflow.local.sfn.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A parsed and validated state machine definition.
 *
 * @param text the definition as submitted
 * @param root the top-level branch
 * @param timeoutSeconds the execution timeout, or null
 * @param queries each state's query language, JSONata fields and Assign, by state name (names are unique in a
 *                definition); states missing here are JSONPath states without Assign
 */
public record StateMachineDefinition(String text, State.Branch root, Integer timeoutSeconds,
                                     java.util.Map<String, StateQuery> queries) {
    /** A state's query language, JSONata fields and Assign. */
    public StateQuery query(String stateName) {
        return queries.getOrDefault(stateName, StateQuery.JSONPATH);
    }

    /** Parses and validates definition text; throws {@link InvalidDefinitionException} listing every problem. */
    public static StateMachineDefinition parse(String text) {
        return new DefinitionParser().parse(text);
    }

    /** Parses and validates an already-read definition. */
    public static StateMachineDefinition parse(JsonNode json, String text) {
        return new DefinitionParser().parse(json, text);
    }
}
