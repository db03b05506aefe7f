package com.creatorflow.local.sfn;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.sfn.engine.ExecutionStatus;
import com.creatorflow.local.sfn.engine.ExecutionView;
import com.creatorflow.local.sfn.engine.SfnException;
import com.creatorflow.local.sfn.engine.StepFunctionsEngine;
import com.creatorflow.local.sfn.engine.VirtualScheduler;
import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Property-based fuzzing of the local Step Functions engine's inputs: random JSON inputs and random paths and
 * intrinsic functions through a small definition, random definitions (mutations of one that uses every state type)
 * and random input text. Whatever comes in, the engine answers with a named API error (InvalidDefinition,
 * InvalidExecutionInput, ...) or runs the execution to its end (a loop is stopped after a bounded number of steps);
 * it never throws anything else and never fails an execution with an internal error (a Fail state may leave out
 * its Error, as in AWS). Tries per property: {@code -Dfuzz.tries} (docs/testing.md).
 */
class AslFuzzTest {
    private static final long START = 1_704_067_200_000L;
    private static final int MAX_STEPS = 2_000;

    /** A small definition that reads its input through the given paths and intrinsic expression. */
    private static String pathsDefinition(String inputPath, String picked, String resultPath, String outputPath,
                                          String variable) {
        ObjectNode definition = JsonValues.NODES.objectNode();
        definition.put("StartAt", "Shape");
        ObjectNode states = definition.putObject("States");
        ObjectNode shape = states.putObject("Shape");
        shape.put("Type", "Pass").put("InputPath", inputPath).put("ResultPath", resultPath)
                .put("OutputPath", outputPath).put("Next", "Pick");
        shape.putObject("Parameters").put("picked.$", picked).put("fixed", 1);
        ObjectNode pick = states.putObject("Pick");
        pick.put("Type", "Choice").put("Default", "Missing");
        ArrayNode choices = pick.putArray("Choices");
        choices.addObject().put("Variable", variable).put("IsPresent", true).put("Next", "Done");
        choices.addObject().put("Variable", variable).put("NumericGreaterThan", 1).put("Next", "Done");
        states.putObject("Missing").put("Type", "Fail").put("Error", "NoVariable").put("Cause", "absent");
        states.putObject("Done").put("Type", "Succeed");
        return JsonValues.write(definition);
    }

    /** A definition with every state type, the seed of the mutated definitions. */
    private static final String SEED = """
            {"StartAt": "Shape", "States": {
              "Shape": {"Type": "Pass", "Parameters": {"items.$": "$.list", "n.$": "$.n"}, "Next": "Wait"},
              "Wait": {"Type": "Wait", "Seconds": 1, "Next": "Each"},
              "Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2, "ResultPath": "$.mapped",
                "ItemProcessor": {"StartAt": "Echo", "States": {
                  "Echo": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:Echo",
                    "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2, "IntervalSeconds": 1}],
                    "End": true}}},
                "Next": "Both"},
              "Both": {"Type": "Parallel", "ResultPath": "$.both", "Branches": [
                {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "End": true}}},
                {"StartAt": "B", "States": {"B": {"Type": "Fail", "Error": "B.Failed", "Cause": "b"}}}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.caught", "Next": "Decide"}],
                "Next": "Decide"},
              "Decide": {"Type": "Choice", "Choices": [
                {"Variable": "$.n", "NumericGreaterThan": 3, "Next": "Done"},
                {"And": [{"Variable": "$.n", "IsNumeric": true}, {"Variable": "$.n", "NumericLessThan": 0}],
                 "Next": "Stop"}], "Default": "Done"},
              "Stop": {"Type": "Fail", "Error": "Negative", "Cause": "n < 0"},
              "Done": {"Type": "Succeed"}}}
            """;

    @Property
    void randomInputsThroughRandomPathsEndInANamedOutcome(@ForAll("inputs") JsonNode input,
                                                           @ForAll("paths") String inputPath,
                                                           @ForAll("expressions") String picked,
                                                           @ForAll("paths") String resultPath,
                                                           @ForAll("paths") String outputPath,
                                                           @ForAll("paths") String variable) {
        run(pathsDefinition(inputPath, picked, resultPath, outputPath, variable), JsonValues.write(input));
    }

    @Property
    void randomDefinitionsAreRefusedByNameOrRunToANamedOutcome(@ForAll("definitions") String definition,
                                                              @ForAll("inputs") JsonNode input) {
        run(definition, JsonValues.write(input));
    }

    @Property
    void randomInputTextIsRefusedByNameOrRun(@ForAll("inputTexts") String input) {
        run(SEED, input);
    }

    /** Creates the state machine and runs one execution on virtual time, checking every answer is named. */
    private static void run(String definition, String input) {
        VirtualScheduler scheduler = new VirtualScheduler(START);
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder().scheduler(scheduler)
                .lambda(new TestFunctions(scheduler)).build()) {
            String arn;
            try {
                arn = engine.createStateMachine("Fuzz", definition, null, null).arn();
            } catch (StepFunctionsEngine.InvalidDefinition invalid) {
                assertThat(invalid.diagnostics()).as("an invalid definition names its problems").isNotEmpty();
                Statistics.collect("InvalidDefinition");
                return;
            }
            String executionArn;
            try {
                executionArn = engine.startExecution(arn, null, input).executionArn();
            } catch (SfnException refused) {
                assertThat(refused.code()).isEqualTo("InvalidExecutionInput");
                Statistics.collect(refused.code());
                return;
            }
            for (int step = 0; step < MAX_STEPS && scheduler.runNext(); step++) {
                scheduler.runUntil(scheduler.now());
            }
            ExecutionView view = engine.describeExecution(executionArn);
            if (view.status() == ExecutionStatus.RUNNING) {
                engine.stopExecution(executionArn, "Fuzz.Stopped", "a loop of the random definition");
                Statistics.collect("RUNNING");
                return;
            }
            Statistics.collect(view.status() + (view.error() == null ? "" : " " + view.error()));
            if (view.status() == ExecutionStatus.FAILED) {
                assertThat(view.cause()).as(view.error()).doesNotContain("Internal error of the local engine");
            }
        }
    }

    @Provide
    Arbitrary<JsonNode> inputs() {
        Arbitrary<JsonNode> shaped = Combinators.combine(json(2), json(1), json(0), json(1).list().ofMaxSize(5))
                .as((a, n, s, list) -> {
                    ObjectNode node = JsonValues.NODES.objectNode();
                    node.set("a", a);
                    node.set("n", n);
                    node.set("s", s);
                    node.putArray("list").addAll(list);
                    return node;
                });
        return Arbitraries.oneOf(json(3), shaped);
    }

    @Provide
    Arbitrary<String> inputTexts() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(50),
                json(2).map(JsonValues::write).map(text -> text.substring(0, text.length() / 2)),
                Arbitraries.of("", "null", "[]", "\"text\"", "1e999", "{\"a\":", "{}{}", "\uFEFF{}", "{\"a\":NaN}"));
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.of(".a", ".b", ".n", ".s", ".list", "[0]", "[1]", "[-1]", "[*]",
                        "['a']", "[\"b\"]", "..n", "[?(@.n > 1)]", "[0:2]", ".length()", ".ü", "[99999999999]")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(".", "[", "]", "['", ".$", "[?(@", "..")));
        Arbitrary<String> built = segment.list().ofMaxSize(4).map(parts -> "$" + String.join("", parts));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, built),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("$", "$$", "$$.Execution.Input", "$$.Map.Item.Value",
                        "$$.State.EnteredTime", "States.Array(1)", "$.a.b.c.d.e.f")),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(12)));
    }

    @Provide
    Arbitrary<String> expressions() {
        Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.integers().between(-5, 5).map(String::valueOf),
                Arbitraries.of("1000000", "-2147483649", "9223372036854775808", "1.5", "1e400", "'x'", "null"));
        Arbitrary<String> argument = Arbitraries.oneOf(paths(), number, Arbitraries.of("'a,b'", "'{}'", "'\\''",
                "'{\"a\":1}'", "'SHA-256'", "'MD5'", "'nope'", "true"));
        Arbitrary<String> function = Arbitraries.of("States.Format", "States.StringToJson", "States.JsonToString",
                "States.Array", "States.ArrayPartition", "States.ArrayContains", "States.ArrayRange",
                "States.ArrayGetItem", "States.ArrayLength", "States.ArrayUnique", "States.Base64Encode",
                "States.Base64Decode", "States.Hash", "States.JsonMerge", "States.MathRandom", "States.MathAdd",
                "States.StringSplit", "States.UUID", "States.Nope");
        Arbitrary<String> call = Combinators.combine(function, argument.list().ofMaxSize(4))
                .as((name, args) -> name + "(" + String.join(", ", args) + ")");
        Arbitrary<String> nested = Combinators.combine(function, call)
                .as((name, inner) -> name + "(" + inner + ", 1)");
        return Arbitraries.oneOf(paths(), call, nested, Arbitraries.of("States.Format('{} {}', $.a)",
                "States.ArrayRange(0, 100000000, 1)", "States.ArrayPartition($.list, 0)", "States.Format('{', $.a)",
                "States.Format('\\{}', $.a)", "States.MathAdd(", "States.Array($.a", "States.Array(),"));
    }

    @Provide
    Arbitrary<String> definitions() {
        JsonNode seed = JsonValues.parse(SEED);
        return Combinators.combine(Arbitraries.integers().between(0, 10_000).list().ofMinSize(1).ofMaxSize(2),
                json(2).list().ofMinSize(4).ofMaxSize(4), Arbitraries.integers().between(0, 3).list().ofSize(4))
                .as((where, values, kinds) -> {
                    JsonNode copy = seed.deepCopy();
                    for (int i = 0; i < where.size(); i++) {
                        mutate(copy, where.get(i), values.get(i), kinds.get(i));
                    }
                    return JsonValues.write(copy);
                });
    }

    /** Replaces, removes or adds a field, or swaps a value for another type, at the n-th container of a tree. */
    private static void mutate(JsonNode tree, int n, JsonNode value, int kind) {
        List<JsonNode> containers = new ArrayList<>();
        collect(tree, containers);
        JsonNode target = containers.get(n % containers.size());
        if (target instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.isEmpty() ? "X" : names.get(n % names.size());
            switch (kind) {
                case 0 -> object.set(name, value);
                case 1 -> object.remove(name);
                case 2 -> object.set(List.of("Next", "End", "Type", "Default", "Catch", "Retry", "Seconds",
                        "TimeoutSeconds", "ItemsPath", "MaxConcurrency", "ToleratedFailurePercentage")
                        .get(n % 11), value);
                default -> object.set(name, object.path(name).isTextual()
                        ? JsonValues.NODES.textNode(object.get(name).asText() + "x") : JsonValues.NODES.nullNode());
            }
        } else if (target instanceof ArrayNode array) {
            if (kind == 1 && !array.isEmpty()) {
                array.remove(n % array.size());
            } else {
                array.add(value);
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), out);
            }
        }
    }

    /** Any JSON value up to a depth: the types, extremes and texts that paths and intrinsics trip on. */
    static Arbitrary<JsonNode> json(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                Arbitraries.just(JsonValues.NODES.nullNode()),
                Arbitraries.of(true, false).map(JsonValues.NODES::booleanNode),
                Arbitraries.longs().map(JsonValues.NODES::numberNode),
                Arbitraries.integers().between(-3, 10).map(JsonValues.NODES::numberNode),
                Arbitraries.doubles().between(-1e300, 1e300).map(JsonValues.NODES::numberNode),
                Arbitraries.of("", "a,b", "{\"a\":1}", "[1,2]", "$.a", "States.Format('x')", "\uD83D\uDE00", "\u0000",
                        "aGVsbG8=", "not base64!").map(JsonValues.NODES::textNode),
                Arbitraries.strings().ofMaxLength(20).map(JsonValues.NODES::textNode));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of("a", "b", "n", "s", "list", "", "a.b", "$", "ü"),
                Arbitraries.strings().alpha().ofMaxLength(5));
        Arbitrary<JsonNode> array = json(depth - 1).list().ofMaxSize(4).map(items -> {
            ArrayNode node = JsonValues.NODES.arrayNode();
            items.forEach(node::add);
            return node;
        });
        Arbitrary<JsonNode> object = Arbitraries.maps(key, json(depth - 1)).ofMaxSize(5).map(AslFuzzTest::object);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(1, array),
                net.jqwik.api.Tuple.of(2, object));
    }

    private static JsonNode object(Map<String, JsonNode> fields) {
        ObjectNode node = JsonValues.NODES.objectNode();
        fields.forEach(node::set);
        return node;
    }
}
