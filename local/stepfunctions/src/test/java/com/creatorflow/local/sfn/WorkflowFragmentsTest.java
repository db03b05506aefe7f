package com.creatorflow.local.sfn;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * ASL has no includes, so the fragments our workflows share are copies; this test checks that the copies agree.
 * Every Lambda step retries transient errors with the one policy; every workflow that asks a person uses the same
 * {@code AskForDecision} (the nested needs-attention workflow) and {@code ReviewUnavailable}; every
 * {@code <Step>Failed} state (JSONPath) or JSONata catcher records its step and asks for a decision (in the
 * Express fulfilment stretch: hands back to its Standard parent, which asks), and a person's "retry" can reach that
 * step again through {@code RetryRoute}.
 */
class WorkflowFragmentsTest {
    private static final String ASK = "AskForDecision";
    /** The Express workflow whose failed steps hand back to the Standard workflow that runs it, and that parent. */
    private static final String EXPRESS = "order-fulfilment-express.asl.json";
    private static final String EXPRESS_PARENT = "order-fulfilment.asl.json";
    private static final String HAND_BACK = "NeedsAttention";

    private static Map<String, JsonNode> workflows() throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Arguments workflow : ProjectStateMachinesTest.workflows().toList()) {
            Path file = (Path) workflow.get()[1];
            out.put((String) workflow.get()[0], JsonValues.parse(Files.readString(file)));
        }
        return out;
    }

    /** Every state of a definition, nested branches and item processors included, by path. */
    private static Map<String, JsonNode> states(JsonNode machine, String prefix, Map<String, JsonNode> out) {
        machine.path("States").fields().forEachRemaining(entry -> {
            String path = prefix + "/" + entry.getKey();
            JsonNode state = entry.getValue();
            out.put(path, state);
            state.path("Branches").forEach(branch -> states(branch, path, out));
            for (String nested : List.of("ItemProcessor", "Iterator")) {
                if (state.has(nested)) {
                    states(state.get(nested), path, out);
                }
            }
        });
        return out;
    }

    @Test
    void everyLambdaStepRetriesTransientErrorsWithTheOnePolicy() throws IOException {
        Set<String> policies = new TreeSet<>();
        List<String> withoutRetry = new ArrayList<>();
        int steps = 0;
        for (Map.Entry<String, JsonNode> workflow : workflows().entrySet()) {
            for (Map.Entry<String, JsonNode> state : states(workflow.getValue(), "", new LinkedHashMap<>())
                    .entrySet()) {
                if (!state.getValue().path("Resource").asText().contains(":lambda:invoke")) {
                    continue;
                }
                steps++;
                JsonNode transientRetry = null;
                for (JsonNode retry : state.getValue().path("Retry")) {
                    if (retry.path("ErrorEquals").toString().contains("Lambda.ServiceException")) {
                        transientRetry = retry;
                    }
                }
                if (transientRetry == null) {
                    withoutRetry.add(workflow.getKey() + state.getKey());
                } else {
                    policies.add(JsonValues.write(transientRetry));
                }
            }
        }
        assertThat(steps).as("Lambda steps in the project's workflows").isGreaterThan(10);
        assertThat(withoutRetry).as("Lambda steps without the transient retry").isEmpty();
        assertThat(policies).as("distinct transient retry policies").hasSize(1);
    }

    @Test
    void theWorkflowsThatAskAPersonShareTheSameFragment() throws IOException {
        Map<String, JsonNode> asking = new LinkedHashMap<>();
        workflows().forEach((name, machine) -> {
            if (machine.path("States").has(ASK)) {
                asking.put(name, machine.get("States"));
            }
        });
        assertThat(asking.keySet()).contains("order-fulfilment.asl.json", "order-cancellation.asl.json",
                "order-return.asl.json");
        JsonNode first = asking.values().iterator().next();
        asking.forEach((name, states) -> {
            assertThat(states.get(ASK)).as(name + " " + ASK).isEqualTo(first.get(ASK));
            assertThat(states.get("ReviewUnavailable")).as(name + " ReviewUnavailable")
                    .isEqualTo(first.get("ReviewUnavailable"));
        });
    }

    @Test
    void everyFailedStepRecordsItselfAndCanBeRetried() throws IOException {
        int failedSteps = 0;
        Map<String, JsonNode> workflows = workflows();
        assertThat(workflows).containsKeys(EXPRESS, EXPRESS_PARENT);
        for (Map.Entry<String, JsonNode> workflow : workflows.entrySet()) {
            JsonNode states = workflow.getValue().path("States");
            boolean express = workflow.getKey().equals(EXPRESS);
            String asks = express ? HAND_BACK : ASK;
            Set<String> retryable = new TreeSet<>();
            (express ? workflows.get(EXPRESS_PARENT).path("States") : states).path("RetryRoute").path("Choices")
                    .forEach(choice -> retryable.add(choice.path("StringEquals").asText()));
            var names = states.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!name.endsWith("Failed")) {
                    continue;
                }
                failedSteps++;
                JsonNode failed = states.get(name);
                String step = name.substring(0, name.length() - "Failed".length());
                String where = workflow.getKey() + " " + name;
                assertThat(failed.path("Type").asText()).as(where).isEqualTo("Pass");
                assertThat(failed.path("Result").asText()).as(where).isEqualTo(step);
                assertThat(failed.path("ResultPath").asText()).as(where).isEqualTo("$.failedStep");
                assertThat(failed.path("Next").asText()).as(where).isEqualTo(asks);
                assertThat(retryable).as(where + ": RetryRoute leads back to " + step).contains(step);
            }
            for (var entry : states.properties()) {
                for (JsonNode catcher : entry.getValue().path("Catch")) {
                    if (!catcher.path("Next").asText().equals(ASK)) {
                        continue;
                    }
                    failedSteps++;
                    String where = workflow.getKey() + " " + entry.getKey() + " Catch";
                    assertThat(entry.getValue().path("QueryLanguage").asText()).as(where + " (a JSONPath catcher "
                            + "goes through a <Step>Failed state)").isEqualTo("JSONata");
                    assertThat(catcher.path("Output").asText()).as(where).isEqualTo("{% $merge([$states.input, "
                            + "{'error': $states.errorOutput, 'failedStep': '" + entry.getKey() + "'}]) %}");
                    assertThat(retryable).as(where + ": RetryRoute leads back to " + entry.getKey())
                            .contains(entry.getKey());
                }
            }
        }
        assertThat(failedSteps).isGreaterThan(10);
    }

    @Test
    void everyStepTheParentCanRetryIsAPlaceTheExpressRunResumesAt() throws IOException {
        Map<String, JsonNode> workflows = workflows();
        Set<String> resumable = new TreeSet<>();
        workflows.get(EXPRESS).path("States").path("ResumeAt").path("Choices").forEach(choice ->
                choice.path("And").forEach(test -> {
                    if (test.has("StringEquals")) {
                        resumable.add(test.path("StringEquals").asText());
                    }
                }));
        Set<String> retried = new TreeSet<>();
        workflows.get(EXPRESS_PARENT).path("States").path("RetryRoute").path("Choices").forEach(choice -> {
            if (choice.path("Next").asText().equals("ResumeAtFailedStep")) {
                retried.add(choice.path("StringEquals").asText());
            }
        });
        retried.remove("ValidateOrder");
        assertThat(retried).as("steps a person can retry").hasSizeGreaterThan(5);
        assertThat(resumable).as("where the Express run resumes").containsAll(retried).contains("ShipWith");
    }
}
