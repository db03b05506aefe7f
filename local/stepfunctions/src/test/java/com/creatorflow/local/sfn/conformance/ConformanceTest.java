package com.creatorflow.local.sfn.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.creatorflow.local.sfn.TestFunctions;
import com.creatorflow.local.sfn.asl.InvalidDefinitionException;
import com.creatorflow.local.sfn.engine.ExecutionView;
import com.creatorflow.local.sfn.engine.HistoryEvent;
import com.creatorflow.local.sfn.engine.StepFunctionsEngine;
import com.creatorflow.local.sfn.engine.VirtualScheduler;
import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conformance suite: every case in {@code src/test/resources/conformance/*.json} is a small state machine with
 * an input and the output, error or validation problems AWS Step Functions gives for it. Cases run on virtual time,
 * so waits and retry intervals are exact (a case may state the seconds the execution takes).
 *
 * <p>Case fields: {@code name}, {@code definition}, {@code input}, then {@code output}, or {@code error} with
 * optional {@code cause}/{@code causeContains}, or {@code invalid} (the diagnostic codes); optionally
 * {@code status}, {@code elapsedSeconds}, {@code events} (the history's event types in order), {@code calls}
 * (Lambda invocations made) and {@code tokens} (answers, in order, to the task tokens the execution waits on).
 */
class ConformanceTest {
    static final long START = 1_704_067_200_000L;

    static Stream<Arguments> cases() throws IOException, URISyntaxException {
        Path folder = Path.of(ConformanceTest.class.getResource("/conformance").toURI());
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode cases;
                try (InputStream in = Files.newInputStream(file)) {
                    cases = JsonValues.MAPPER.readTree(in);
                }
                String feature = file.getFileName().toString().replace(".json", "");
                for (JsonNode c : cases) {
                    out.add(Arguments.of(feature + ": " + c.get("name").asText(), c));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void conforms(String name, JsonNode c) {
        VirtualScheduler scheduler = new VirtualScheduler(START);
        TestFunctions functions = new TestFunctions(scheduler);
        try (StepFunctionsEngine engine = StepFunctionsEngine.builder().scheduler(scheduler).lambda(functions)
                .build()) {
            String definition = JsonValues.write(c.get("definition"));
            if (c.has("invalid")) {
                StepFunctionsEngine.InvalidDefinition invalid = catchThrowableOfType(
                        StepFunctionsEngine.InvalidDefinition.class,
                        () -> engine.createStateMachine("Case", definition, null, null));
                assertThat(invalid).as("the definition is rejected").isNotNull();
                List<String> codes = invalid.diagnostics().stream().map(InvalidDefinitionException.Diagnostic::code)
                        .toList();
                List<String> expected = new ArrayList<>();
                c.get("invalid").forEach(code -> expected.add(code.asText()));
                assertThat(codes).as(invalid.getMessage()).containsAll(expected);
                return;
            }
            String arn = engine.createStateMachine("Case", definition, null, null).arn();
            String input = c.has("input") ? JsonValues.write(c.get("input")) : "{}";
            String executionArn = engine.startExecution(arn, "case", input).executionArn();
            for (JsonNode answer : c.path("tokens")) {
                while (engine.waitingTaskTokens().isEmpty() && scheduler.runNext()) {
                    scheduler.runUntil(scheduler.now());
                }
                if (engine.waitingTaskTokens().isEmpty()) {
                    break;
                }
                String token = engine.waitingTaskTokens().iterator().next();
                if (answer.has("success")) {
                    engine.sendTaskSuccess(token, JsonValues.write(answer.get("success")));
                } else if (answer.has("failure")) {
                    engine.sendTaskFailure(token, answer.get("failure").path("error").asText(null),
                            answer.get("failure").path("cause").asText(null));
                } else if (answer.has("heartbeatAfter")) {
                    scheduler.runUntil(scheduler.now() + answer.get("heartbeatAfter").asLong() * 1000);
                    if (engine.waitingTaskTokens().contains(token)) {
                        engine.sendTaskHeartbeat(token);
                    }
                }
                scheduler.runUntil(scheduler.now());
            }
            scheduler.runUntilIdle();
            ExecutionView view = engine.describeExecution(executionArn);
            List<HistoryEvent> history = engine.history(executionArn);
            String described = view.status() + " output=" + view.output() + " error=" + view.error() + " cause="
                    + view.cause();
            if (c.has("output")) {
                assertThat(view.status().name()).as(described).isEqualTo(c.path("status").asText("SUCCEEDED"));
                assertThat(JsonValues.parse(view.output())).as(described).isEqualTo(c.get("output"));
            }
            if (c.has("error")) {
                assertThat(view.status().name()).as(described).isEqualTo(c.path("status").asText("FAILED"));
                assertThat(view.error()).as(described).isEqualTo(c.get("error").asText());
            }
            if (c.has("cause")) {
                assertThat(view.cause()).as(described).isEqualTo(c.get("cause").asText());
            }
            if (c.has("causeContains")) {
                assertThat(view.cause()).as(described).contains(c.get("causeContains").asText());
            }
            if (!c.has("output") && !c.has("error") && c.has("status")) {
                assertThat(view.status().name()).as(described).isEqualTo(c.get("status").asText());
            }
            if (c.has("elapsedSeconds")) {
                assertThat((view.stopDate() - view.startDate()) / 1000.0).as(described)
                        .isEqualTo(c.get("elapsedSeconds").asDouble());
            }
            if (c.has("maxElapsedSeconds")) {
                assertThat((view.stopDate() - view.startDate()) / 1000.0).as(described)
                        .isLessThanOrEqualTo(c.get("maxElapsedSeconds").asDouble());
            }
            if (c.has("events")) {
                List<String> expected = new ArrayList<>();
                c.get("events").forEach(e -> expected.add(e.asText()));
                assertThat(history.stream().map(HistoryEvent::type).toList()).isEqualTo(expected);
            }
            if (c.has("calls")) {
                assertThat(functions.calls()).as("Lambda invocations").isEqualTo(c.get("calls").asInt());
            }
            assertThat(history.get(0).type()).isEqualTo("ExecutionStarted");
            for (int i = 0; i < history.size(); i++) {
                assertThat(history.get(i).id()).isEqualTo(i + 1);
                assertThat(history.get(i).previousEventId()).isLessThan(history.get(i).id());
            }
        }
    }

    @Test
    void theSuiteHasAtLeast150Cases() throws Exception {
        assertThat(cases().count()).isGreaterThanOrEqualTo(150);
    }
}
