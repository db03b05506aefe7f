package com.creatorflow.local.sfn.asl;

import com.creatorflow.local.sfn.StatesError;
import com.creatorflow.local.sfn.asl.InvalidDefinitionException.Diagnostic;
import com.creatorflow.local.sfn.path.Intrinsics;
import com.creatorflow.local.sfn.path.JsonPathExpression;
import com.creatorflow.local.sfn.path.JsonValues;
import com.creatorflow.local.sfn.path.PayloadTemplate;
import com.creatorflow.local.sfn.path.ReferencePath;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a States Language definition (JSONPath query language) and checks it the way Step Functions does when a
 * state machine is created: known state types and fields, transitions that exist, every state reachable, a way to
 * end, valid paths, payload templates and intrinsic calls, and sane Retry/Catch. All problems are reported together.
 */
final class DefinitionParser {
    private static final Set<String> TOP_FIELDS = Set.of("Comment", "StartAt", "States", "Version", "TimeoutSeconds",
            "QueryLanguage");
    private static final Set<String> BRANCH_FIELDS = Set.of("Comment", "StartAt", "States", "ProcessorConfig",
            "QueryLanguage");
    private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
    private static final Map<String, Set<String>> FIELDS = Map.of(
            "Pass", Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "Result", "Assign"),
            "Task", Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector",
                    "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath",
                    "Retry", "Catch", "Assign"),
            "Choice", Set.of("Choices", "Default", "InputPath", "OutputPath", "Assign"),
            "Wait", Set.of("Next", "End", "InputPath", "OutputPath", "Seconds", "Timestamp", "SecondsPath",
                    "TimestampPath", "Assign"),
            "Succeed", Set.of("InputPath", "OutputPath"),
            "Fail", Set.of("Error", "ErrorPath", "Cause", "CausePath"),
            "Parallel", Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector",
                    "Branches", "Retry", "Catch", "Assign"),
            "Map", Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ItemSelector",
                    "ResultSelector", "ItemsPath", "ItemProcessor", "Iterator", "MaxConcurrency",
                    "MaxConcurrencyPath", "ToleratedFailureCount", "ToleratedFailurePercentage", "Label", "Retry",
                    "Catch", "Assign", "ItemReader", "ItemBatcher", "ResultWriter"));
    /** The fields of JSONata states: Arguments and Output instead of the five JSONPath fields. */
    private static final Map<String, Set<String>> JSONATA_FIELDS = Map.of(
            "Pass", Set.of("Next", "End", "Output", "Assign"),
            "Task", Set.of("Next", "End", "Arguments", "Output", "Assign", "Resource", "TimeoutSeconds",
                    "HeartbeatSeconds", "Retry", "Catch"),
            "Choice", Set.of("Choices", "Default", "Output", "Assign"),
            "Wait", Set.of("Next", "End", "Output", "Assign", "Seconds", "Timestamp"),
            "Succeed", Set.of("Output"),
            "Fail", Set.of("Error", "Cause"),
            "Parallel", Set.of("Next", "End", "Arguments", "Output", "Assign", "Branches", "Retry", "Catch"),
            "Map", Set.of("Next", "End", "Output", "Assign", "Items", "ItemSelector", "ItemProcessor", "Iterator",
                    "MaxConcurrency", "ToleratedFailureCount", "ToleratedFailurePercentage", "Label", "Retry",
                    "Catch", "ItemReader", "ItemBatcher", "ResultWriter"));
    private static final Set<String> JSONPATH_ONLY = Set.of("InputPath", "OutputPath", "ResultPath", "Parameters",
            "ResultSelector", "Result", "ItemsPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath",
            "TimestampPath", "MaxConcurrencyPath", "ErrorPath", "CausePath");
    private static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output", "Items");
    private static final Set<String> UNSUPPORTED = Set.of("Variables", "Credentials", "ToleratedFailureCountPath",
            "ToleratedFailurePercentagePath");
    private static final Set<String> RETRIER_FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts",
            "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment");
    private static final Set<String> CATCHER_FIELDS = Set.of("ErrorEquals", "ResultPath", "Next", "Comment");

    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Set<String> allNames = new HashSet<>();
    private final Map<String, StateQuery> queries = new HashMap<>();
    private boolean topJsonata;

    StateMachineDefinition parse(String text) {
        JsonNode json;
        try {
            json = JsonValues.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException(List.of(new Diagnostic("INVALID_JSON_DESCRIPTION",
                    e.getMessage(), null)));
        }
        return parse(json, text);
    }

    StateMachineDefinition parse(JsonNode json, String text) {
        if (json == null || !json.isObject()) {
            throw new InvalidDefinitionException(List.of(new Diagnostic("SCHEMA_VALIDATION_FAILED",
                    "The definition must be a JSON object", "/")));
        }
        unknownFields(json, TOP_FIELDS, "");
        topJsonata = queryLanguage(json, "", false);
        Integer timeout = positiveInt(json, "TimeoutSeconds", "", false);
        State.Branch root = branch(json, "");
        if (diagnostics.isEmpty()) {
            new VariableScopes(queries, this::error).check(root, "");
        }
        if (!diagnostics.isEmpty()) {
            throw new InvalidDefinitionException(diagnostics);
        }
        return new StateMachineDefinition(text, root, timeout, Map.copyOf(queries));
    }

    private State.Branch branch(JsonNode json, String at) {
        JsonNode startAt = json.get("StartAt");
        JsonNode states = json.get("States");
        if (startAt == null || !startAt.isTextual()) {
            error("SCHEMA_VALIDATION_FAILED", "The field 'StartAt' is required and must be a STRING", at + "/StartAt");
        }
        if (states == null || !states.isObject() || states.isEmpty()) {
            error("SCHEMA_VALIDATION_FAILED", "The field 'States' is required and must be a non-empty OBJECT",
                    at + "/States");
            return new State.Branch(null, Map.of());
        }
        Map<String, State> parsed = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            String location = at + "/States/" + name;
            if (name.isEmpty() || name.length() > 80) {
                error("SCHEMA_VALIDATION_FAILED", "State names must be 1 to 80 characters long", location);
            }
            if (!allNames.add(name)) {
                error("DUPLICATE_STATE_NAME", "Duplicate State name: " + name, location);
            }
            State state = state(name, entry.getValue(), location);
            if (state != null) {
                parsed.put(name, state);
            }
        }
        String start = startAt != null ? startAt.asText() : null;
        if (start != null && !states.has(start)) {
            error("MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + start, at + "/StartAt");
        }
        checkTransitions(states, at);
        if (start != null && states.has(start)) {
            reachability(start, states, at);
        }
        return new State.Branch(start, Map.copyOf(parsed));
    }

    private void checkTransitions(JsonNode states, String at) {
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String location = at + "/States/" + entry.getKey();
            for (Map.Entry<String, String> target : targets(entry.getValue(), location).entrySet()) {
                if (!states.has(target.getValue())) {
                    error("MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + target.getValue(),
                            target.getKey());
                }
            }
        }
    }

    private static Map<String, String> targets(JsonNode state, String location) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!state.isObject()) {
            return out;
        }
        if (state.path("Next").isTextual()) {
            out.put(location + "/Next", state.get("Next").asText());
        }
        if (state.path("Default").isTextual()) {
            out.put(location + "/Default", state.get("Default").asText());
        }
        JsonNode choices = state.path("Choices");
        for (int i = 0; i < choices.size(); i++) {
            if (choices.path(i).path("Next").isTextual()) {
                out.put(location + "/Choices[" + i + "]/Next", choices.get(i).get("Next").asText());
            }
        }
        JsonNode catchers = state.path("Catch");
        for (int i = 0; i < catchers.size(); i++) {
            if (catchers.path(i).path("Next").isTextual()) {
                out.put(location + "/Catch[" + i + "]/Next", catchers.get(i).get("Next").asText());
            }
        }
        return out;
    }

    private void reachability(String start, JsonNode states, String at) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(start);
        boolean terminal = false;
        while (!todo.isEmpty()) {
            String name = todo.poll();
            if (!seen.add(name) || !states.has(name)) {
                continue;
            }
            JsonNode state = states.get(name);
            String type = state.path("Type").asText();
            terminal |= type.equals("Succeed") || type.equals("Fail") || state.path("End").asBoolean(false);
            todo.addAll(targets(state, "").values());
        }
        for (Iterator<String> it = states.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!seen.contains(name)) {
                error("UNREACHABLE_STATE", "State \"" + name + "\" is not reachable.", at + "/States/" + name);
            }
        }
        if (!terminal) {
            error("NO_TERMINAL_STATE", "No terminal state: no state is reachable that ends the machine", at + "/States");
        }
    }

    private State state(String name, JsonNode json, String at) {
        if (!json.isObject()) {
            error("SCHEMA_VALIDATION_FAILED", "A state must be an OBJECT", at);
            return null;
        }
        String type = json.path("Type").asText(null);
        boolean jsonata = queryLanguage(json, at, topJsonata);
        Set<String> fields = type == null ? null : (jsonata ? JSONATA_FIELDS : FIELDS).get(type);
        if (fields == null) {
            error("SCHEMA_VALIDATION_FAILED", "The field 'Type' should have one of these values: "
                    + "[Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map]", at + "/Type");
            return null;
        }
        Set<String> allowed = new HashSet<>(fields);
        allowed.addAll(COMMON);
        languageFields(json, allowed, jsonata, at);
        unknownFields(json, allowed, at);
        try {
            json = new StateFields(jsonata, name, at, this::error).prepare(json, queries);
            if (jsonata && type.equals("Choice")) {
                return new State.Choice(name, State.DataPath.IDENTITY, State.DataPath.IDENTITY, List.of(),
                        text(json, "Default", at));
            }
            return switch (type) {
                case "Pass" -> new State.Pass(name, dataPath(json, "InputPath", at), dataPath(json, "OutputPath", at),
                        template(json, "Parameters", at), json.get("Result"), resultPath(json, "ResultPath", at),
                        transition(json, at));
                case "Task" -> task(name, json, at);
                case "Choice" -> choice(name, json, at);
                case "Wait" -> waitState(name, json, at);
                case "Succeed" -> new State.Succeed(name, dataPath(json, "InputPath", at),
                        dataPath(json, "OutputPath", at));
                case "Fail" -> fail(name, json, at);
                case "Parallel" -> parallel(name, json, at);
                default -> map(name, json, at);
            };
        } catch (RuntimeException e) {
            error("SCHEMA_VALIDATION_FAILED", String.valueOf(e.getMessage()), at);
            return null;
        }
    }

    private State task(String name, JsonNode json, String at) {
        String resource = json.path("Resource").asText(null);
        if (resource == null || !resource.startsWith("arn:")) {
            error("SCHEMA_VALIDATION_FAILED", "The field 'Resource' is required and must be a valid ARN",
                    at + "/Resource");
        }
        Integer timeout = positiveInt(json, "TimeoutSeconds", at, false);
        Integer heartbeat = positiveInt(json, "HeartbeatSeconds", at, false);
        exclusive(json, at, "TimeoutSeconds", "TimeoutSecondsPath");
        exclusive(json, at, "HeartbeatSeconds", "HeartbeatSecondsPath");
        if (timeout != null && heartbeat != null && heartbeat >= timeout) {
            error("SCHEMA_VALIDATION_FAILED", "The value of 'HeartbeatSeconds' must be less than the value of "
                    + "'TimeoutSeconds'", at + "/HeartbeatSeconds");
        }
        return new State.Task(name, dataPath(json, "InputPath", at), dataPath(json, "OutputPath", at),
                template(json, "Parameters", at), template(json, "ResultSelector", at),
                resultPath(json, "ResultPath", at), resource, timeout, path(json, "TimeoutSecondsPath", at),
                heartbeat, path(json, "HeartbeatSecondsPath", at), retriers(json, at), catchers(json, at),
                transition(json, at));
    }

    private State choice(String name, JsonNode json, String at) {
        JsonNode choices = json.get("Choices");
        List<ChoiceRule> rules = new ArrayList<>();
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            error("SCHEMA_VALIDATION_FAILED", "The field 'Choices' is required and must be a non-empty ARRAY",
                    at + "/Choices");
        } else {
            for (int i = 0; i < choices.size(); i++) {
                ChoiceRule rule = rule(choices.get(i), at + "/Choices[" + i + "]", true);
                if (rule != null) {
                    rules.add(rule);
                }
            }
        }
        if (json.has("Next") || json.has("End")) {
            error("SCHEMA_VALIDATION_FAILED", "A Choice state cannot have 'Next' or 'End'", at);
        }
        return new State.Choice(name, dataPath(json, "InputPath", at), dataPath(json, "OutputPath", at),
                List.copyOf(rules), text(json, "Default", at));
    }

    private ChoiceRule rule(JsonNode json, String at, boolean topLevel) {
        if (!json.isObject()) {
            error("SCHEMA_VALIDATION_FAILED", "A choice rule must be an OBJECT", at);
            return null;
        }
        String next = text(json, "Next", at);
        if (topLevel && next == null) {
            error("SCHEMA_VALIDATION_FAILED", "The field 'Next' is required in a top-level choice rule", at);
        }
        if (!topLevel && json.has("Next")) {
            error("SCHEMA_VALIDATION_FAILED", "A nested choice rule cannot have 'Next'", at + "/Next");
        }
        List<String> operators = new ArrayList<>();
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("Next") && !field.equals("Variable") && !field.equals("Comment")) {
                operators.add(field);
            }
        }
        if (operators.size() != 1) {
            error("SCHEMA_VALIDATION_FAILED", "A choice rule must have exactly one comparison operator or And/Or/Not "
                    + "but has " + operators, at);
            return null;
        }
        String op = operators.get(0);
        JsonNode operand = json.get(op);
        switch (op) {
            case "And", "Or" -> {
                if (!operand.isArray() || operand.isEmpty()) {
                    error("SCHEMA_VALIDATION_FAILED", "'" + op + "' must be a non-empty ARRAY of rules", at + "/" + op);
                    return null;
                }
                List<ChoiceRule> nested = new ArrayList<>();
                for (int i = 0; i < operand.size(); i++) {
                    ChoiceRule rule = rule(operand.get(i), at + "/" + op + "[" + i + "]", false);
                    if (rule != null) {
                        nested.add(rule);
                    }
                }
                return op.equals("And") ? new ChoiceRule.And(List.copyOf(nested), next)
                        : new ChoiceRule.Or(List.copyOf(nested), next);
            }
            case "Not" -> {
                ChoiceRule nested = rule(operand, at + "/Not", false);
                return nested == null ? null : new ChoiceRule.Not(nested, next);
            }
            default -> {
                return comparison(json, op, operand, next, at);
            }
        }
    }

    private ChoiceRule comparison(JsonNode json, String op, JsonNode operand, String next, String at) {
        boolean byPath = op.endsWith("Path") && !op.equals("Path");
        String base = byPath ? op.substring(0, op.length() - 4) : op;
        ChoiceRule.Operator operator;
        try {
            operator = ChoiceRule.Operator.valueOf(base);
        } catch (IllegalArgumentException e) {
            error("SCHEMA_VALIDATION_FAILED", "Unknown comparison operator '" + op + "'", at + "/" + op);
            return null;
        }
        if (byPath && (operator.isTypeTest() || operator == ChoiceRule.Operator.StringMatches)) {
            error("SCHEMA_VALIDATION_FAILED", "Unknown comparison operator '" + op + "'", at + "/" + op);
            return null;
        }
        JsonNode variable = json.get("Variable");
        if (variable == null || !variable.isTextual()) {
            error("SCHEMA_VALIDATION_FAILED", "The field 'Variable' is required and must be a JSONPath", at);
            return null;
        }
        JsonPathExpression variablePath = compilePath(variable.asText(), at + "/Variable");
        JsonPathExpression operandPath = null;
        java.util.regex.Pattern pattern = null;
        String type = operator.isTypeTest() ? "BOOLEAN" : base.startsWith("String") ? "STRING"
                : base.startsWith("Numeric") ? "NUMBER" : base.startsWith("Boolean") ? "BOOLEAN" : "TIMESTAMP";
        if (byPath) {
            if (!operand.isTextual()) {
                error("SCHEMA_VALIDATION_FAILED", "The value of '" + op + "' must be a JSONPath", at + "/" + op);
                return null;
            }
            operandPath = compilePath(operand.asText(), at + "/" + op);
        } else {
            boolean ok = switch (type) {
                case "STRING" -> operand.isTextual();
                case "NUMBER" -> operand.isNumber();
                case "BOOLEAN" -> operand.isBoolean();
                default -> operand.isTextual() && ChoiceRule.timestamp(operand.asText()) != null;
            };
            if (!ok) {
                error("SCHEMA_VALIDATION_FAILED", "The value of '" + op + "' must be a " + type, at + "/" + op);
                return null;
            }
            if (operator == ChoiceRule.Operator.StringMatches) {
                pattern = ChoiceRule.wildcard(operand.asText());
            }
        }
        if (variablePath == null || (byPath && operandPath == null)) {
            return null;
        }
        return new ChoiceRule.Comparison(variablePath, operator, byPath ? null : operand, operandPath, pattern, next);
    }

    private State waitState(String name, JsonNode json, String at) {
        int given = 0;
        for (String field : List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath")) {
            given += json.has(field) ? 1 : 0;
        }
        if (given != 1) {
            error("SCHEMA_VALIDATION_FAILED", "A Wait state must have exactly one of 'Seconds', 'Timestamp', "
                    + "'SecondsPath' or 'TimestampPath'", at);
        }
        Long seconds = null;
        if (json.has("Seconds")) {
            JsonNode value = json.get("Seconds");
            if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
                error("SCHEMA_VALIDATION_FAILED", "The value of 'Seconds' must be a non-negative INTEGER",
                        at + "/Seconds");
            } else {
                seconds = value.asLong();
            }
        }
        java.time.Instant timestamp = null;
        if (json.has("Timestamp")) {
            OffsetDateTime parsed = json.get("Timestamp").isTextual()
                    ? ChoiceRule.timestamp(json.get("Timestamp").asText()) : null;
            if (parsed == null) {
                error("SCHEMA_VALIDATION_FAILED", "The value of 'Timestamp' must be an RFC 3339 timestamp",
                        at + "/Timestamp");
            } else {
                timestamp = parsed.toInstant();
            }
        }
        return new State.Wait(name, dataPath(json, "InputPath", at), dataPath(json, "OutputPath", at), seconds,
                timestamp, path(json, "SecondsPath", at), path(json, "TimestampPath", at), transition(json, at));
    }

    private State fail(String name, JsonNode json, String at) {
        exclusive(json, at, "Error", "ErrorPath");
        exclusive(json, at, "Cause", "CausePath");
        return new State.Fail(name, text(json, "Error", at), valueExpression(json, "ErrorPath", at),
                text(json, "Cause", at), valueExpression(json, "CausePath", at));
    }

    private State parallel(String name, JsonNode json, String at) {
        JsonNode branches = json.get("Branches");
        List<State.Branch> parsed = new ArrayList<>();
        if (branches == null || !branches.isArray() || branches.isEmpty()) {
            error("SCHEMA_VALIDATION_FAILED", "The field 'Branches' is required and must be a non-empty ARRAY",
                    at + "/Branches");
        } else {
            for (int i = 0; i < branches.size(); i++) {
                String location = at + "/Branches[" + i + "]";
                unknownFields(branches.get(i), BRANCH_FIELDS, location);
                parsed.add(branch(branches.get(i), location));
            }
        }
        return new State.Parallel(name, dataPath(json, "InputPath", at), dataPath(json, "OutputPath", at),
                template(json, "Parameters", at), template(json, "ResultSelector", at),
                resultPath(json, "ResultPath", at), List.copyOf(parsed), retriers(json, at), catchers(json, at),
                transition(json, at));
    }

    private State map(String name, JsonNode json, String at) {
        exclusive(json, at, "ItemProcessor", "Iterator");
        exclusive(json, at, "ItemSelector", "Parameters");
        exclusive(json, at, "MaxConcurrency", "MaxConcurrencyPath");
        String processorField = json.has("ItemProcessor") ? "ItemProcessor" : "Iterator";
        JsonNode processor = json.get(processorField);
        State.Branch branch = null;
        boolean distributed = false;
        if (processor == null || !processor.isObject()) {
            error("SCHEMA_VALIDATION_FAILED", "The field 'ItemProcessor' (or 'Iterator') is required", at);
        } else {
            String location = at + "/" + processorField;
            unknownFields(processor, BRANCH_FIELDS, location);
            String mode = processor.path("ProcessorConfig").path("Mode").asText("INLINE");
            if (!mode.equals("INLINE") && !mode.equals("DISTRIBUTED")) {
                error("SCHEMA_VALIDATION_FAILED", "The field 'Mode' should be INLINE or DISTRIBUTED",
                        location + "/ProcessorConfig/Mode");
            }
            distributed = mode.equals("DISTRIBUTED");
            branch = branch(processor, location);
        }
        Integer maxConcurrency = nonNegativeInt(json, "MaxConcurrency", at);
        Integer toleratedCount = nonNegativeInt(json, "ToleratedFailureCount", at);
        Double toleratedPercentage = null;
        if (json.has("ToleratedFailurePercentage")) {
            JsonNode value = json.get("ToleratedFailurePercentage");
            if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 100) {
                error("SCHEMA_VALIDATION_FAILED", "'ToleratedFailurePercentage' must be a number from 0 to 100",
                        at + "/ToleratedFailurePercentage");
            } else {
                toleratedPercentage = value.asDouble();
            }
        }
        for (String field : List.of("ItemReader", "ItemBatcher", "ResultWriter")) {
            if (!distributed && json.has(field)) {
                error("SCHEMA_VALIDATION_FAILED", "'" + field + "' is only supported in DISTRIBUTED mode",
                        at + "/" + field);
            }
        }
        if (!distributed && (toleratedCount != null || toleratedPercentage != null)) {
            error("SCHEMA_VALIDATION_FAILED", "'ToleratedFailureCount' and 'ToleratedFailurePercentage' are only "
                    + "supported in DISTRIBUTED mode", at);
        }
        JsonPathExpression itemsPath = path(json, "ItemsPath", at);
        return new State.Map(name, dataPath(json, "InputPath", at), dataPath(json, "OutputPath", at),
                itemsPath == null ? JsonPathExpression.compile("$") : itemsPath,
                json.has("ItemSelector") ? template(json, "ItemSelector", at) : template(json, "Parameters", at),
                template(json, "ResultSelector", at), resultPath(json, "ResultPath", at), branch,
                maxConcurrency == null ? 0 : maxConcurrency, path(json, "MaxConcurrencyPath", at), toleratedCount,
                toleratedPercentage, distributed ? distributedMap(json, processor, at) : null, retriers(json, at),
                catchers(json, at), transition(json, at));
    }

    private DistributedMap distributedMap(JsonNode json, JsonNode processor, String at) {
        String type = processor.path("ProcessorConfig").path("ExecutionType").asText("STANDARD");
        if (!type.equals("STANDARD") && !type.equals("EXPRESS")) {
            error("SCHEMA_VALIDATION_FAILED", "The field 'ExecutionType' should be STANDARD or EXPRESS",
                    at + "/ItemProcessor/ProcessorConfig/ExecutionType");
        }
        JsonNode reader = json.get("ItemReader");
        if (reader != null) {
            if (!DistributedMap.READERS.contains(reader.path("Resource").asText())) {
                error("UNSUPPORTED_FEATURE", "ItemReader 'Resource' must be one of " + DistributedMap.READERS,
                        at + "/ItemReader/Resource");
            }
            String input = reader.path("ReaderConfig").path("InputType").asText("JSON");
            if (reader.path("Resource").asText().endsWith("getObject")
                    && !List.of("JSON", "JSONL", "CSV").contains(input)) {
                error("UNSUPPORTED_FEATURE", "ReaderConfig 'InputType' " + input + " is not supported by the local "
                        + "engine (JSON, JSONL, CSV)", at + "/ItemReader/ReaderConfig/InputType");
            }
            checkTemplate(reader, at + "/ItemReader");
        }
        JsonNode writer = json.get("ResultWriter");
        if (writer != null) {
            if (!DistributedMap.WRITER.equals(writer.path("Resource").asText())) {
                error("SCHEMA_VALIDATION_FAILED", "ResultWriter 'Resource' must be " + DistributedMap.WRITER,
                        at + "/ResultWriter/Resource");
            }
            checkTemplate(writer, at + "/ResultWriter");
        }
        JsonNode batcher = json.get("ItemBatcher");
        if (batcher != null) {
            if (!batcher.has("MaxItemsPerBatch") && !batcher.has("MaxItemsPerBatchPath")
                    && !batcher.has("MaxInputBytesPerBatch") && !batcher.has("MaxInputBytesPerBatchPath")) {
                error("SCHEMA_VALIDATION_FAILED", "ItemBatcher needs MaxItemsPerBatch or MaxInputBytesPerBatch",
                        at + "/ItemBatcher");
            }
            if (batcher.has("BatchInput")) {
                try {
                    PayloadTemplate.compile(batcher.get("BatchInput"));
                } catch (IllegalArgumentException e) {
                    error("SCHEMA_VALIDATION_FAILED", e.getMessage(), at + "/ItemBatcher/BatchInput");
                }
            }
        }
        String label = json.path("Label").asText(null);
        return new DistributedMap(reader, batcher, writer, type, label);
    }

    private void checkTemplate(JsonNode field, String at) {
        for (String name : List.of("Parameters", "Arguments")) {
            if (field.has(name)) {
                try {
                    if (name.equals("Parameters")) {
                        PayloadTemplate.compile(field.get(name));
                    } else {
                        com.creatorflow.local.sfn.path.JsonataTemplate.compile(name, field.get(name));
                    }
                } catch (IllegalArgumentException e) {
                    error("SCHEMA_VALIDATION_FAILED", e.getMessage(), at + "/" + name);
                }
            }
        }
    }

    private State.Transition transition(JsonNode json, String at) {
        boolean end = json.path("End").asBoolean(false);
        JsonNode next = json.get("Next");
        if (json.has("End") && !json.get("End").isBoolean()) {
            error("SCHEMA_VALIDATION_FAILED", "The value of 'End' must be a BOOLEAN", at + "/End");
        }
        if (end && next != null) {
            error("SCHEMA_VALIDATION_FAILED", "A state cannot have both 'Next' and 'End': true", at);
        }
        if (!end && next == null) {
            error("SCHEMA_VALIDATION_FAILED", "The field 'Next' is required (or 'End': true)", at + "/Next");
        }
        if (next != null && !next.isTextual()) {
            error("SCHEMA_VALIDATION_FAILED", "The value of 'Next' must be a STRING", at + "/Next");
        }
        return new State.Transition(end || next == null ? null : next.asText());
    }

    private List<State.Retrier> retriers(JsonNode json, String at) {
        JsonNode retry = json.get("Retry");
        if (retry == null) {
            return List.of();
        }
        if (!retry.isArray()) {
            error("SCHEMA_VALIDATION_FAILED", "'Retry' must be an ARRAY", at + "/Retry");
            return List.of();
        }
        List<State.Retrier> out = new ArrayList<>();
        for (int i = 0; i < retry.size(); i++) {
            String location = at + "/Retry[" + i + "]";
            JsonNode r = retry.get(i);
            unknownFields(r, RETRIER_FIELDS, location);
            List<String> errors = errorEquals(r, location, i == retry.size() - 1);
            Integer interval = positiveInt(r, "IntervalSeconds", location, false);
            Integer attempts = nonNegativeInt(r, "MaxAttempts", location);
            Integer maxDelay = positiveInt(r, "MaxDelaySeconds", location, false);
            double rate = 2.0;
            if (r.has("BackoffRate")) {
                if (!r.get("BackoffRate").isNumber() || r.get("BackoffRate").asDouble() < 1.0) {
                    error("SCHEMA_VALIDATION_FAILED", "'BackoffRate' must be a number >= 1.0", location + "/BackoffRate");
                } else {
                    rate = r.get("BackoffRate").asDouble();
                }
            }
            String jitter = r.path("JitterStrategy").asText("NONE");
            if (!jitter.equals("NONE") && !jitter.equals("FULL")) {
                error("SCHEMA_VALIDATION_FAILED", "'JitterStrategy' must be FULL or NONE", location + "/JitterStrategy");
            }
            out.add(new State.Retrier(errors, interval == null ? 1 : interval, attempts == null ? 3 : attempts, rate,
                    maxDelay, jitter.equals("FULL")));
        }
        return List.copyOf(out);
    }

    private List<State.Catcher> catchers(JsonNode json, String at) {
        JsonNode catchers = json.get("Catch");
        if (catchers == null) {
            return List.of();
        }
        if (!catchers.isArray()) {
            error("SCHEMA_VALIDATION_FAILED", "'Catch' must be an ARRAY", at + "/Catch");
            return List.of();
        }
        List<State.Catcher> out = new ArrayList<>();
        for (int i = 0; i < catchers.size(); i++) {
            String location = at + "/Catch[" + i + "]";
            JsonNode c = catchers.get(i);
            unknownFields(c, CATCHER_FIELDS, location);
            List<String> errors = errorEquals(c, location, i == catchers.size() - 1);
            if (!c.path("Next").isTextual()) {
                error("SCHEMA_VALIDATION_FAILED", "The field 'Next' is required in a catcher", location + "/Next");
            }
            out.add(new State.Catcher(errors, resultPath(c, "ResultPath", location), c.path("Next").asText()));
        }
        return List.copyOf(out);
    }

    private List<String> errorEquals(JsonNode json, String at, boolean last) {
        JsonNode errors = json.get("ErrorEquals");
        if (errors == null || !errors.isArray() || errors.isEmpty()) {
            error("SCHEMA_VALIDATION_FAILED", "The field 'ErrorEquals' is required and must be a non-empty ARRAY",
                    at + "/ErrorEquals");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        errors.forEach(e -> out.add(e.asText()));
        if (out.contains(StatesError.ALL) && (out.size() > 1 || !last)) {
            error("SCHEMA_VALIDATION_FAILED", "States.ALL must appear alone in the last retrier or catcher",
                    at + "/ErrorEquals");
        }
        return List.copyOf(out);
    }

    private State.DataPath dataPath(JsonNode json, String field, String at) {
        if (!json.has(field)) {
            return State.DataPath.IDENTITY;
        }
        if (json.get(field).isNull()) {
            return new State.DataPath(null);
        }
        JsonPathExpression path = path(json, field, at);
        return path == null ? State.DataPath.IDENTITY : new State.DataPath(path);
    }

    private State.ResultPath resultPath(JsonNode json, String field, String at) {
        if (!json.has(field)) {
            return State.ResultPath.REPLACE;
        }
        JsonNode value = json.get(field);
        if (value.isNull()) {
            return new State.ResultPath(null);
        }
        try {
            return new State.ResultPath(ReferencePath.compile(value.isTextual() ? value.asText() : null));
        } catch (IllegalArgumentException e) {
            error("SCHEMA_VALIDATION_FAILED", e.getMessage(), at + "/" + field);
            return State.ResultPath.REPLACE;
        }
    }

    private JsonPathExpression path(JsonNode json, String field, String at) {
        JsonNode value = json.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            error("SCHEMA_VALIDATION_FAILED", "The value of '" + field + "' must be a JSONPath STRING", at + "/" + field);
            return null;
        }
        return compilePath(value.asText(), at + "/" + field);
    }

    private JsonPathExpression compilePath(String text, String at) {
        try {
            return JsonPathExpression.compile(text);
        } catch (IllegalArgumentException e) {
            error("SCHEMA_VALIDATION_FAILED", e.getMessage(), at);
            return null;
        }
    }

    private Intrinsics.Expression valueExpression(JsonNode json, String field, String at) {
        JsonNode value = json.get(field);
        if (value == null) {
            return null;
        }
        try {
            return PayloadTemplate.value(value.asText());
        } catch (IllegalArgumentException e) {
            error("SCHEMA_VALIDATION_FAILED", e.getMessage(), at + "/" + field);
            return null;
        }
    }

    private PayloadTemplate template(JsonNode json, String field, String at) {
        JsonNode value = json.get(field);
        if (value == null) {
            return null;
        }
        try {
            return PayloadTemplate.compile(value);
        } catch (IllegalArgumentException e) {
            error("SCHEMA_VALIDATION_FAILED", e.getMessage(), at + "/" + field);
            return null;
        }
    }

    private String text(JsonNode json, String field, String at) {
        JsonNode value = json.get(field);
        if (value != null && !value.isTextual()) {
            error("SCHEMA_VALIDATION_FAILED", "The value of '" + field + "' must be a STRING", at + "/" + field);
        }
        return value == null ? null : value.asText();
    }

    private Integer positiveInt(JsonNode json, String field, String at, boolean zeroAllowed) {
        JsonNode value = json.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < (zeroAllowed ? 0 : 1)) {
            error("SCHEMA_VALIDATION_FAILED", "The value of '" + field + "' must be a " + (zeroAllowed
                    ? "non-negative" : "positive") + " INTEGER", at + "/" + field);
            return null;
        }
        return value.asInt();
    }

    private Integer nonNegativeInt(JsonNode json, String field, String at) {
        return positiveInt(json, field, at, true);
    }

    private void exclusive(JsonNode json, String at, String a, String b) {
        if (json.has(a) && json.has(b)) {
            error("SCHEMA_VALIDATION_FAILED", "A state cannot have both '" + a + "' and '" + b + "'", at);
        }
    }

    /** Reads a QueryLanguage field (or the inherited one) and returns true for JSONata. */
    private boolean queryLanguage(JsonNode json, String at, boolean inherited) {
        if (!json.has("QueryLanguage")) {
            return inherited;
        }
        String language = json.get("QueryLanguage").asText();
        if (!language.equals("JSONPath") && !language.equals("JSONata")) {
            error("SCHEMA_VALIDATION_FAILED", "The field 'QueryLanguage' should be JSONPath or JSONata",
                    at + "/QueryLanguage");
            return inherited;
        }
        if (inherited && language.equals("JSONPath")) {
            error("SCHEMA_VALIDATION_FAILED", "A state cannot use the JSONPath query language when the state "
                    + "machine's QueryLanguage is JSONata", at + "/QueryLanguage");
        }
        return language.equals("JSONata");
    }

    /** Fields of the other query language: reported as AWS does, and not reported again as unknown. */
    private void languageFields(JsonNode json, Set<String> allowed, boolean jsonata, String at) {
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (allowed.contains(field)) {
                continue;
            }
            if (jsonata && JSONPATH_ONLY.contains(field)) {
                error("SCHEMA_VALIDATION_FAILED", "The field '" + field + "' is not supported in a state whose "
                        + "QueryLanguage is JSONata; use Arguments, Output and Assign", at + "/" + field);
                allowed.add(field);
            } else if (!jsonata && JSONATA_ONLY.contains(field)) {
                error("SCHEMA_VALIDATION_FAILED", "The field '" + field + "' is only supported in a state whose "
                        + "QueryLanguage is JSONata", at + "/" + field);
                allowed.add(field);
            }
        }
    }

    private void unknownFields(JsonNode json, Set<String> allowed, String at) {
        if (!json.isObject()) {
            return;
        }
        for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (allowed.contains(field)) {
                continue;
            }
            if (UNSUPPORTED.contains(field)) {
                error("UNSUPPORTED_FEATURE", "The field '" + field + "' is valid in AWS but not supported by the "
                        + "local engine", at + "/" + field);
            } else {
                error("SCHEMA_VALIDATION_FAILED", "The field '" + field + "' is not supported by Step Functions",
                        at + "/" + field);
            }
        }
    }

    private void error(String code, String message, String location) {
        diagnostics.add(new Diagnostic(code, message, location.isEmpty() ? "/" : location));
    }
}
