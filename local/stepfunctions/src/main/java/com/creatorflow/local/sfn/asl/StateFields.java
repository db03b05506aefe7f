package com.creatorflow.local.sfn.asl;

import com.creatorflow.local.sfn.path.JsonataTemplate;
import com.creatorflow.local.sfn.path.PayloadTemplate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes out of a state's JSON what the JSONPath parser does not read: {@code Assign} (both languages), the JSONata
 * fields ({@code Arguments}, {@code Output}, {@code Items}, {@code ItemSelector}, {@code {% %}} values of numeric and
 * text fields), JSONata Choice rules and the Assign/Output of rules and catchers. It compiles them into the state's
 * {@link StateQuery} and hands back the rest for the usual checks.
 */
final class StateFields {
    /** Where problems go. */
    interface Problems {
        void report(String code, String message, String location);
    }

    private static final Set<String> RULE_FIELDS = Set.of("Condition", "Next", "Assign", "Output", "Comment");
    private static final int MAX_VARIABLE_NAME = 80;

    private final boolean jsonata;
    private final String name;
    private final String at;
    private final Problems problems;

    StateFields(boolean jsonata, String name, String at, Problems problems) {
        this.jsonata = jsonata;
        this.name = name;
        this.at = at;
        this.problems = problems;
    }

    /** Registers the state's query fields and returns its JSON without them. */
    JsonNode prepare(JsonNode json, Map<String, StateQuery> queries) {
        ObjectNode rest = json.deepCopy();
        StateQuery.Assign assign = assign(rest.remove("Assign"), at + "/Assign");
        JsonataTemplate arguments = jsonata ? template(rest.remove("Arguments"), "Arguments") : null;
        JsonataTemplate output = jsonata ? template(rest.remove("Output"), "Output") : null;
        Map<String, JsonataTemplate> fields = new LinkedHashMap<>();
        if (jsonata) {
            for (String field : List.of("Items", "ItemSelector")) {
                JsonataTemplate compiled = template(rest.remove(field), field);
                if (compiled != null) {
                    fields.put(field, compiled);
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getValue().isTextual() && JsonataTemplate.isExpression(entry.getValue().asText())
                        && List.of("TimeoutSeconds", "HeartbeatSeconds", "Seconds", "Timestamp", "MaxConcurrency",
                        "ToleratedFailureCount", "ToleratedFailurePercentage", "Error", "Cause")
                        .contains(entry.getKey())) {
                    fields.put(entry.getKey(), template(entry.getValue(), entry.getKey()));
                    rest.remove(entry.getKey());
                    if (entry.getKey().equals("Seconds")) {
                        rest.put("Seconds", 0);
                    } else if (entry.getKey().equals("Timestamp")) {
                        rest.put("Timestamp", "1970-01-01T00:00:00Z");
                    }
                }
            }
        }
        List<StateQuery.Rule> rules = rules(rest);
        List<StateQuery.Handler> catchers = catchers(rest);
        boolean plain = !jsonata && assign == null && rules.stream().allMatch(r -> r.assign() == null)
                && catchers.stream().allMatch(c -> c.assign() == null);
        if (!plain) {
            queries.put(name, new StateQuery(jsonata, arguments, output, assign, List.copyOf(rules),
                    List.copyOf(catchers), Map.copyOf(fields)));
        }
        return rest;
    }

    private List<StateQuery.Rule> rules(ObjectNode rest) {
        JsonNode choices = rest.get("Choices");
        List<StateQuery.Rule> out = new ArrayList<>();
        if (choices == null || !choices.isArray()) {
            if (jsonata && "Choice".equals(rest.path("Type").asText())) {
                problems.report("SCHEMA_VALIDATION_FAILED", "The field 'Choices' is required and must be a "
                        + "non-empty ARRAY", at + "/Choices");
            }
            return out;
        }
        if (jsonata && choices.isEmpty()) {
            problems.report("SCHEMA_VALIDATION_FAILED", "The field 'Choices' is required and must be a non-empty "
                    + "ARRAY", at + "/Choices");
        }
        for (int i = 0; i < choices.size(); i++) {
            String location = at + "/Choices[" + i + "]";
            if (!(choices.get(i) instanceof ObjectNode rule)) {
                continue;
            }
            StateQuery.Assign assign = assign(rule.remove("Assign"), location + "/Assign");
            if (!jsonata) {
                if (rule.has("Output") || rule.has("Condition")) {
                    problems.report("SCHEMA_VALIDATION_FAILED", "'Condition' and 'Output' in a Choice rule need "
                            + "QueryLanguage JSONata", location);
                }
                out.add(new StateQuery.Rule(null, null, assign, null));
                continue;
            }
            for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!RULE_FIELDS.contains(field)) {
                    problems.report("SCHEMA_VALIDATION_FAILED", "The field '" + field + "' is not supported in a "
                            + "JSONata Choice rule (use 'Condition')", location + "/" + field);
                }
            }
            if (!rule.path("Next").isTextual()) {
                problems.report("SCHEMA_VALIDATION_FAILED", "The field 'Next' is required in a Choice rule",
                        location + "/Next");
            }
            JsonNode condition = rule.get("Condition");
            JsonataTemplate compiled = null;
            if (condition == null || !(condition.isBoolean() || condition.isTextual()
                    && JsonataTemplate.isExpression(condition.asText()))) {
                problems.report("SCHEMA_VALIDATION_FAILED", "The field 'Condition' is required and must be a "
                        + "JSONata expression or a BOOLEAN", location + "/Condition");
            } else {
                compiled = template(condition, "Condition");
            }
            out.add(new StateQuery.Rule(compiled, rule.path("Next").asText(null), assign,
                    template(rule.get("Output"), "Output")));
        }
        return out;
    }

    private List<StateQuery.Handler> catchers(ObjectNode rest) {
        JsonNode catchers = rest.get("Catch");
        List<StateQuery.Handler> out = new ArrayList<>();
        if (catchers == null || !catchers.isArray()) {
            return out;
        }
        for (int i = 0; i < catchers.size(); i++) {
            String location = at + "/Catch[" + i + "]";
            if (!(catchers.get(i) instanceof ObjectNode catcher)) {
                continue;
            }
            StateQuery.Assign assign = assign(catcher.remove("Assign"), location + "/Assign");
            JsonataTemplate output = null;
            if (jsonata) {
                output = template(catcher.remove("Output"), "Output");
                if (catcher.has("ResultPath")) {
                    problems.report("SCHEMA_VALIDATION_FAILED", "The field 'ResultPath' is not supported in a "
                            + "JSONata catcher; use Output", location + "/ResultPath");
                    catcher.remove("ResultPath");
                }
            } else if (catcher.has("Output")) {
                problems.report("SCHEMA_VALIDATION_FAILED", "The field 'Output' is only supported in a catcher of "
                        + "a JSONata state", location + "/Output");
                catcher.remove("Output");
            }
            out.add(new StateQuery.Handler(assign, output));
        }
        return out;
    }

    private StateQuery.Assign assign(JsonNode value, String location) {
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            problems.report("SCHEMA_VALIDATION_FAILED", "The field 'Assign' must be an OBJECT", location);
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        for (Iterator<String> it = value.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            String variable = !jsonata && key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
            if (!validName(variable)) {
                problems.report("SCHEMA_VALIDATION_FAILED", "The variable name '" + variable + "' is not valid: "
                        + "it must start with a letter or '_', hold only letters, digits and '_', and have at most "
                        + MAX_VARIABLE_NAME + " characters", location + "/" + key);
            } else if (variable.equals("states")) {
                problems.report("SCHEMA_VALIDATION_FAILED", "The variable name 'states' is reserved", location
                        + "/" + key);
            } else if (!names.add(variable)) {
                problems.report("SCHEMA_VALIDATION_FAILED", "The variable '" + variable + "' is assigned twice",
                        location + "/" + key);
            }
        }
        try {
            return jsonata ? new StateQuery.Assign(Set.copyOf(names), JsonataTemplate.compile("Assign", value), null)
                    : new StateQuery.Assign(Set.copyOf(names), null, PayloadTemplate.compile(value));
        } catch (IllegalArgumentException e) {
            problems.report("SCHEMA_VALIDATION_FAILED", e.getMessage(), location);
            return null;
        }
    }

    private static boolean validName(String name) {
        if (name.isEmpty() || name.length() > MAX_VARIABLE_NAME || !Character.isUnicodeIdentifierStart(name.charAt(0))
                && name.charAt(0) != '_') {
            return false;
        }
        return name.codePoints().allMatch(c -> Character.isUnicodeIdentifierPart(c) && c != 0x7f
                && !Character.isIdentifierIgnorable(c));
    }

    private JsonataTemplate template(JsonNode value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return JsonataTemplate.compile(field, value);
        } catch (IllegalArgumentException e) {
            problems.report("SCHEMA_VALIDATION_FAILED", e.getMessage(), at + "/" + field);
            return null;
        }
    }

}
