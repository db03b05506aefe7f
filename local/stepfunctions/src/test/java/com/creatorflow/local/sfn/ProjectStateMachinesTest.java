package com.creatorflow.local.sfn;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.sfn.engine.ExecutionView;
import com.creatorflow.local.sfn.engine.LambdaFailure;
import com.creatorflow.local.sfn.engine.LambdaInvoker;
import com.creatorflow.local.sfn.engine.StepFunctionsEngine;
import com.creatorflow.local.sfn.engine.VirtualScheduler;
import com.creatorflow.local.sfn.path.JsonValues;
import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalResolver;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The project's own workflows: every {@code statemachines/*.asl.json} validates in the local engine (with the
 * template's DefinitionSubstitutions resolved to local ARNs), and every case in
 * {@code statemachines/tests/<workflow>.cases.json} runs to its expected output or error. A case gives
 * {@code input}, {@code functions} (per function name, a list of answers {@code {"result": ...}} or
 * {@code {"errorType": ..., "errorMessage": ...}} used in turn, the last one repeating), optional {@code tokens}
 * (answers to task tokens, as in the conformance suite), {@code output} or {@code error}, and optionally
 * {@code statesEntered} (the states the execution enters, in order: its state transitions).
 */
class ProjectStateMachinesTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]+)}");

    static Path root() {
        return Path.of(System.getProperty("creatorflow.projectRoot", "../.."));
    }

    static Stream<Arguments> workflows() throws IOException {
        Path folder = root().resolve("statemachines");
        if (!Files.isDirectory(folder)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".asl.json")).sorted()
                    .map(p -> Arguments.of(p.getFileName().toString(), p)).toList().stream();
        }
    }

    @Test
    void findsTheWorkflowsFolderOrNone() throws IOException {
        assertThat(workflows().count()).isGreaterThanOrEqualTo(0);
        assertThat(root().resolve("template.yaml")).exists();
    }

    @ParameterizedTest(name = "{0}", allowZeroInvocations = true)
    @MethodSource("workflows")
    void validatesAndRunsItsCases(String name, Path file) throws IOException {
        String definition = substitute(file, Files.readString(file));
        try (StepFunctionsEngine validator = StepFunctionsEngine.builder().build()) {
            validator.validate(definition);
        }
        Path casesFile = file.resolveSibling("tests").resolve(name.replace(".asl.json", ".cases.json"));
        if (!Files.exists(casesFile)) {
            return;
        }
        for (JsonNode c : JsonValues.parse(Files.readString(casesFile))) {
            VirtualScheduler scheduler = new VirtualScheduler(0);
            try (StepFunctionsEngine engine = StepFunctionsEngine.builder().scheduler(scheduler)
                    .lambda(mocks(c.path("functions"))).build()) {
                String machine = engine.createStateMachine("Workflow", definition, null, null).arn();
                String execution = engine.startExecution(machine, "case", JsonValues.write(c.path("input"))).executionArn();
                for (JsonNode answer : c.path("tokens")) {
                    while (engine.waitingTaskTokens().isEmpty() && scheduler.runNext()) {
                        scheduler.runUntil(scheduler.now());
                    }
                    String token = engine.waitingTaskTokens().iterator().next();
                    if (answer.has("success")) {
                        engine.sendTaskSuccess(token, JsonValues.write(answer.get("success")));
                    } else {
                        engine.sendTaskFailure(token, answer.path("failure").path("error").asText(null),
                                answer.path("failure").path("cause").asText(null));
                    }
                    scheduler.runUntil(scheduler.now());
                }
                scheduler.runUntilIdle();
                ExecutionView view = engine.awaitCompletion(execution, Duration.ZERO);
                String label = name + " / " + c.path("name").asText() + ": " + view;
                if (c.has("output")) {
                    assertThat(JsonValues.parse(view.output())).as(label).isEqualTo(c.get("output"));
                }
                if (c.has("error")) {
                    assertThat(view.error()).as(label).isEqualTo(c.get("error").asText());
                }
                if (c.has("statesEntered")) {
                    List<String> expected = new ArrayList<>();
                    c.get("statesEntered").forEach(state -> expected.add(state.asText()));
                    assertThat(engine.history(execution).stream().filter(e -> e.type().endsWith("StateEntered"))
                            .map(e -> e.details().path("name").asText()).toList()).as(label).isEqualTo(expected);
                }
            }
        }
    }

    private static LambdaInvoker mocks(JsonNode functions) {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        return (function, payload) -> {
            String name = function.contains(":function:") ? function.substring(function.indexOf(":function:") + 10)
                    : function;
            name = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
            JsonNode answers = functions.get(name);
            if (answers == null || answers.isEmpty()) {
                return CompletableFuture.failedFuture(LambdaFailure.notFound(function));
            }
            int call = calls.computeIfAbsent(name, k -> new AtomicInteger()).getAndIncrement();
            JsonNode answer = answers.get(Math.min(call, answers.size() - 1));
            if (answer.has("errorType")) {
                return CompletableFuture.failedFuture(new LambdaFailure(answer.get("errorType").asText(),
                        answer.path("errorMessage").asText(""), List.of(), false));
            }
            return CompletableFuture.completedFuture(JsonValues.bytes(answer.path("result")));
        };
    }

    /** Resolves DefinitionSubstitutions as the template gives them for this file; unknown ones fail the test. */
    private static String substitute(Path file, String text) {
        CfnTemplate template = CfnTemplate.load(root().resolve("template.yaml"));
        LocalResolver resolver = new LocalResolver(template, LocalClients.REGION, URI.create("http://localhost:9324"),
                Map.of());
        Map<String, Object> substitutions = Map.of();
        for (String type : List.of("AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine")) {
            for (String id : template.resourcesOfType(type)) {
                Object uri = template.properties(id).get("DefinitionUri");
                if (uri != null && root().resolve(String.valueOf(uri)).normalize().equals(file.normalize())) {
                    substitutions = CfnTemplate.map(template.properties(id).get("DefinitionSubstitutions"));
                }
            }
        }
        List<String> missing = new ArrayList<>();
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object value = substitutions.get(matcher.group(1));
            if (value == null) {
                missing.add(matcher.group(1));
                matcher.appendReplacement(out, "");
            } else {
                matcher.appendReplacement(out, Matcher.quoteReplacement(resolver.string(value)));
            }
        }
        matcher.appendTail(out);
        assertThat(missing).as(file + " uses substitutions that template.yaml does not give it").isEmpty();
        return out.toString();
    }
}
