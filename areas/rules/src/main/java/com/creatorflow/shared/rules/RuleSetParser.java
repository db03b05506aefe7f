package com.creatorflow.shared.rules;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.rules.domain.OrderDocument;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.event.ruler.JsonRuleCompiler;

/**
 * Reads a rule set from the JSON a creator sends and refuses anything that would not work, naming the field and the
 * problem: a pattern event-ruler cannot compile (with event-ruler's own explanation), a pattern naming a field the
 * order document does not have (it could never match), an unknown action type or an action with bad fields,
 * duplicate rule ids, an unknown time zone, too many rules. Nothing half-valid is accepted.
 */
public final class RuleSetParser {
    /** Most rules one set may hold. */
    public static final int MAX_RULES = 100;
    /** Most actions one rule may have. */
    public static final int MAX_ACTIONS = 10;
    /** Longest pattern, in characters of JSON. */
    public static final int MAX_PATTERN_CHARS = 4096;

    private RuleSetParser() {
    }

    /**
     * Parses and validates a rule set body ({@code {"timeZone": ..., "rules": [...]}}) into a draft (version 0).
     *
     * @throws ValidationFailed naming the first field at fault
     */
    public static RuleSet parse(String tenantId, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ValidationFailed("body", "the rule set must be a JSON object with a rules array");
        }
        String timeZone = timeZone(body.get("timeZone"));
        JsonNode rulesNode = body.get("rules");
        if (rulesNode == null || !rulesNode.isArray()) {
            throw new ValidationFailed("rules", "rules must be an array (it may be empty)");
        }
        if (rulesNode.size() > MAX_RULES) {
            throw new ValidationFailed("rules", "a rule set holds at most " + MAX_RULES + " rules, this one has "
                    + rulesNode.size());
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rulesNode.size(); i++) {
            Rule rule = rule(rulesNode.get(i), "rules[" + i + "]");
            if (!ids.add(rule.id())) {
                throw new ValidationFailed("rules[" + i + "].id", "rule id '" + rule.id() + "' is used twice");
            }
            rules.add(rule);
        }
        return new RuleSet(tenantId, 0, timeZone, rules, null, null);
    }

    private static String timeZone(JsonNode node) {
        if (node == null || node.isNull()) {
            return RuleSet.DEFAULT_TIME_ZONE;
        }
        try {
            return ZoneId.of(node.asText()).getId();
        } catch (DateTimeException e) {
            throw new ValidationFailed("timeZone", "timeZone '" + node.asText()
                    + "' is not a time zone id such as America/Los_Angeles");
        }
    }

    private static Rule rule(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw new ValidationFailed(at, at + " must be an object");
        }
        ApiRequest.onlyFields((ObjectNode) node, at, "id", "name", "priority", "enabled", "pattern", "actions",
                "stopProcessing");
        String id = text(node, "id");
        List<String> idProblems = Codes.check("id", id);
        if (!idProblems.isEmpty()) {
            throw new ValidationFailed(at + ".id", at + ": " + idProblems.get(0));
        }
        String label = "rule '" + id + "'";
        String name = text(node, "name");
        if (name == null || name.isBlank() || name.length() > 120) {
            throw new ValidationFailed(at + ".name", label + ": name is required (1 to 120 characters)");
        }
        JsonNode priorityNode = node.get("priority");
        if (priorityNode == null || !priorityNode.canConvertToInt() || !priorityNode.isIntegralNumber()
                || priorityNode.asInt() < 0 || priorityNode.asInt() > 10_000) {
            throw new ValidationFailed(at + ".priority", label + ": priority is required, a whole number from 0 to "
                    + "10000 (lower is evaluated first)");
        }
        boolean enabled = bool(node, "enabled", true, at, label);
        boolean stop = bool(node, "stopProcessing", false, at, label);
        JsonNode pattern = pattern(node.get("pattern"), at + ".pattern", label);
        List<RuleAction> actions = actions(node.get("actions"), at + ".actions", label);
        if (actions.isEmpty() && !stop) {
            throw new ValidationFailed(at + ".actions", label + ": a rule needs at least one action "
                    + "(or stopProcessing, to shield orders from the rules after it)");
        }
        return new Rule(id, name, priorityNode.asInt(), enabled, pattern, actions, stop);
    }

    /** Checks one pattern: a JSON object that event-ruler compiles, naming only order document fields. */
    public static JsonNode pattern(JsonNode pattern, String at, String label) {
        if (pattern == null || !pattern.isObject() || pattern.isEmpty()) {
            throw new ValidationFailed(at, label + ": pattern must be a non-empty JSON object "
                    + "(an EventBridge event pattern)");
        }
        String text = Json.write(pattern);
        if (text.length() > MAX_PATTERN_CHARS) {
            throw new ValidationFailed(at, label + ": pattern is " + text.length() + " characters, at most "
                    + MAX_PATTERN_CHARS);
        }
        String problem = JsonRuleCompiler.check(text);
        if (problem != null) {
            throw new ValidationFailed(at, label + ": pattern is not valid: " + problem);
        }
        List<String> unknown = new ArrayList<>();
        collectUnknownFields(pattern, "", unknown);
        if (!unknown.isEmpty()) {
            throw new ValidationFailed(at, label + ": pattern names " + String.join(", ", unknown)
                    + ", which the order document does not have (it could never match); fields are listed in "
                    + "docs/rules.md");
        }
        return pattern;
    }

    private static void collectUnknownFields(JsonNode node, String prefix, List<String> unknown) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("$or")) {
                field.getValue().forEach(branch -> collectUnknownFields(branch, prefix, unknown));
            } else if (field.getValue().isObject()) {
                collectUnknownFields(field.getValue(), prefix + field.getKey() + ".", unknown);
            } else if (!OrderDocument.FIELDS.contains(prefix + field.getKey())) {
                unknown.add("'" + prefix + field.getKey() + "'");
            }
        }
    }

    private static List<RuleAction> actions(JsonNode node, String at, String label) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_ACTIONS) {
            throw new ValidationFailed(at, label + ": actions must be an array of at most " + MAX_ACTIONS);
        }
        List<RuleAction> actions = new ArrayList<>();
        for (int j = 0; j < node.size(); j++) {
            actions.add(action(node.get(j), at + "[" + j + "]", label));
        }
        return actions;
    }

    private static RuleAction action(JsonNode node, String at, String label) {
        String type = node != null && node.isObject() ? text(node, "type") : null;
        if (type == null || !RuleAction.TYPES.contains(type)) {
            throw new ValidationFailed(at + ".type", label + ": action type must be one of " + RuleAction.TYPES
                    + (type == null ? "" : ", not '" + type + "'"));
        }
        RuleAction action = ApiRequest.bind(node, RuleAction.class, at);
        List<String> problems = action.problems();
        if (!problems.isEmpty()) {
            throw new ValidationFailed(at, label + ": " + type + " action: " + String.join("; ", problems));
        }
        return action;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }

    private static boolean bool(JsonNode node, String field, boolean fallback, String at, String label) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw new ValidationFailed(at + "." + field, label + ": " + field + " must be true or false");
        }
        return value.asBoolean();
    }
}
