package com.creatorflow.shared.ops;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.InvalidArnException;
import software.amazon.awssdk.services.sfn.model.ExecutionRedriveStatus;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * What an operator does in the Step Functions console, for one tenant: list its failed and stuck executions with the
 * failing step and error, describe one with its history, redrive one, answer the step that waits for a task token.
 * Executions carry no tenant in their names; every workflow's input names its {@code tenantId} and {@code orderId},
 * so an execution belongs to the tenant its input names. Another tenant's execution, an execution of a state
 * machine that is not ours and a missing one are all {@link ExecutionNotFound}.
 */
public final class WorkflowOps {
    /** Executions looked at per workflow and status in one list (most recent first). */
    static final int LIST_WINDOW = 100;
    private static final List<String> DEFAULT_STATUSES = List.of("FAILED", "TIMED_OUT", "ABORTED");
    private static final List<String> STATUSES = List.of("FAILED", "TIMED_OUT", "ABORTED", "RUNNING");

    private final SfnClient sfn;
    private final Map<String, String> workflows;
    private final Clock clock;

    /**
     * @param workflows state machine ARN to the workflow's name, for our state machines
     */
    public WorkflowOps(SfnClient sfn, Map<String, String> workflows, Clock clock) {
        this.sfn = sfn;
        this.workflows = Map.copyOf(workflows);
        this.clock = clock;
    }

    /** Our four workflows from {@code FULFILMENT_, CANCELLATION_, RETURN_, NEEDS_ATTENTION_STATE_MACHINE_ARN}. */
    public static WorkflowOps fromEnv(Env env) {
        Map<String, String> workflows = new LinkedHashMap<>();
        workflows.put(env.require("FULFILMENT_STATE_MACHINE_ARN"), "fulfilment");
        workflows.put(env.require("CANCELLATION_STATE_MACHINE_ARN"), "cancellation");
        workflows.put(env.require("RETURN_STATE_MACHINE_ARN"), "return");
        workflows.put(env.require("NEEDS_ATTENTION_STATE_MACHINE_ARN"), "needs-attention");
        return new WorkflowOps(env.aws().stepFunctions(), workflows, Clock.systemUTC());
    }

    /**
     * The tenant's executions in a status (FAILED, TIMED_OUT and ABORTED when none is given) that started more than
     * {@code olderThanMinutes} ago (any time when null), most recent first.
     */
    public List<ExecutionItem> list(String tenantId, String status, Integer olderThanMinutes) {
        if (status != null && !STATUSES.contains(status)) {
            throw new ValidationFailed("status", "status must be one of " + STATUSES);
        }
        if (olderThanMinutes != null && olderThanMinutes < 0) {
            throw new ValidationFailed("olderThanMinutes", "olderThanMinutes must be 0 or more");
        }
        Instant cutoff = olderThanMinutes == null ? null : clock.instant().minus(Duration.ofMinutes(olderThanMinutes));
        List<ExecutionItem> items = new ArrayList<>();
        for (String machine : workflows.keySet()) {
            for (String wanted : status == null ? DEFAULT_STATUSES : List.of(status)) {
                for (ExecutionListItem listed : sfn.listExecutions(r -> r.stateMachineArn(machine)
                        .statusFilter(wanted).maxResults(LIST_WINDOW)).executions()) {
                    if (cutoff == null || listed.startDate().isBefore(cutoff)) {
                        ours(tenantId, listed.executionArn()).ifPresent(found -> items.add(item(found, false)));
                    }
                }
            }
        }
        items.sort(Comparator.comparing(ExecutionItem::startDate).reversed());
        return items;
    }

    /** One of the tenant's executions with its history. */
    public ExecutionItem describe(String tenantId, String executionArn) {
        return item(require(tenantId, executionArn), true);
    }

    /** Redrives a failed, timed out or aborted execution from its failed step; returns its redrive count. */
    public Map<String, Object> redrive(String tenantId, String executionArn) {
        DescribeExecutionResponse execution = require(tenantId, executionArn);
        if (execution.redriveStatus() != ExecutionRedriveStatus.REDRIVABLE) {
            throw new ExecutionNotActionable("the execution is " + execution.statusAsString()
                    + " and cannot be redriven" + (execution.redriveStatusReason() == null ? ""
                    : ": " + execution.redriveStatusReason()));
        }
        sfn.redriveExecution(r -> r.executionArn(executionArn));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("executionArn", executionArn);
        answer.put("redriveCount", sfn.describeExecution(r -> r.executionArn(executionArn)).redriveCount());
        return answer;
    }

    /**
     * Answers the step waiting for a task token: {@code success} with its output, or {@code failure} with an error
     * and cause (as the step's own code would report them).
     */
    public void answer(String tenantId, String executionArn, String outcome, JsonNode output, String error,
                       String cause) {
        if (!"success".equals(outcome) && !"failure".equals(outcome)) {
            throw new ValidationFailed("outcome", "outcome must be success or failure");
        }
        if (output != null && !output.isNull() && !output.isObject()) {
            throw new ValidationFailed("output", "output must be a JSON object");
        }
        DescribeExecutionResponse execution = require(tenantId, executionArn);
        History history = History.of(events(executionArn));
        if (execution.status() != ExecutionStatus.RUNNING || history.waitingToken() == null) {
            throw new ExecutionNotActionable("no step of the execution waits for an answer");
        }
        try {
            if (outcome.equals("success")) {
                sfn.sendTaskSuccess(r -> r.taskToken(history.waitingToken())
                        .output(output == null || output.isNull() ? "{}" : Json.write(output)));
            } else {
                sfn.sendTaskFailure(r -> r.taskToken(history.waitingToken()).error(error).cause(cause));
            }
        } catch (TaskDoesNotExistException | TaskTimedOutException e) {
            throw new ExecutionNotActionable("the waiting step was answered or timed out meanwhile");
        }
    }

    /** The execution, when it is one of our workflows' and its input names this tenant. */
    private DescribeExecutionResponse require(String tenantId, String executionArn) {
        if (executionArn == null || !executionArn.startsWith("arn:") || executionArn.length() > 2048) {
            throw new ValidationFailed("executionArn", "executionArn must be an execution ARN (URL-encoded)");
        }
        return ours(tenantId, executionArn).orElseThrow(() -> new ExecutionNotFound(executionArn));
    }

    private Optional<DescribeExecutionResponse> ours(String tenantId, String executionArn) {
        if (workflowOf(executionArn) == null) {
            return Optional.empty();
        }
        DescribeExecutionResponse execution;
        try {
            execution = sfn.describeExecution(r -> r.executionArn(executionArn));
        } catch (ExecutionDoesNotExistException | InvalidArnException e) {
            return Optional.empty();
        }
        JsonNode input = execution.input() == null ? Json.object() : Json.treeOrEmpty(
                execution.input().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return tenantId.equals(input.path("tenantId").asText(null)) ? Optional.of(execution) : Optional.empty();
    }

    private String workflowOf(String executionArn) {
        for (Map.Entry<String, String> machine : workflows.entrySet()) {
            if (executionArn.startsWith(machine.getKey().replace(":stateMachine:", ":execution:") + ":")) {
                return machine.getValue();
            }
        }
        return null;
    }

    private ExecutionItem item(DescribeExecutionResponse execution, boolean withEvents) {
        History history = History.of(events(execution.executionArn()));
        JsonNode input = Json.treeOrEmpty(execution.input() == null ? new byte[0]
                : execution.input().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        boolean running = execution.status() == ExecutionStatus.RUNNING;
        String error = execution.error() != null ? execution.error() : history.lastError();
        String cause = execution.cause() != null ? execution.cause() : history.lastCause();
        ExecutionItem item = new ExecutionItem(execution.executionArn(), workflowOf(execution.executionArn()),
                input.path("orderId").asText(null), execution.statusAsString(), execution.startDate().toString(),
                execution.stopDate() == null ? null : execution.stopDate().toString(), history.failingStep(),
                running ? null : error, running ? null : cause,
                execution.redriveStatus() == ExecutionRedriveStatus.REDRIVABLE,
                running && history.waitingToken() != null ? history.waitingStep() : null, history.events());
        return withEvents ? item : item.withoutEvents();
    }

    private List<HistoryEvent> events(String executionArn) {
        List<HistoryEvent> events = new ArrayList<>();
        sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn).maxResults(1000).includeExecutionData(true))
                .forEach(page -> events.addAll(page.events()));
        return events;
    }

    /** What an execution's history says: each event's step and error, the failing step, the step waiting now. */
    private record History(List<ExecutionItem.Event> events, String failingStep, String lastError, String lastCause,
                           String waitingStep, String waitingToken) {

        static History of(List<HistoryEvent> raw) {
            List<ExecutionItem.Event> events = new ArrayList<>();
            String step = null;
            String failingStep = null;
            String lastError = null;
            String lastCause = null;
            String waitingStep = null;
            String waitingToken = null;
            for (HistoryEvent event : raw) {
                Map<String, String> details = details(event);
                String type = event.typeAsString();
                if (type.endsWith("StateEntered")) {
                    step = details.get("name");
                }
                if (details.get("error") != null) {
                    failingStep = step;
                    lastError = details.get("error");
                    lastCause = details.get("cause");
                }
                if (type.equals("TaskScheduled")) {
                    String token = taskToken(details.get("parameters"));
                    waitingStep = token == null ? null : step;
                    waitingToken = token;
                } else if (type.startsWith("Task") && (type.endsWith("Succeeded") || type.endsWith("Failed")
                        || type.endsWith("TimedOut") || type.endsWith("Aborted"))) {
                    waitingStep = null;
                    waitingToken = null;
                }
                events.add(new ExecutionItem.Event(event.timestamp().toString(), type, step, details.get("error"),
                        details.get("cause")));
            }
            return new History(List.copyOf(events), failingStep, lastError, lastCause, waitingStep, waitingToken);
        }

        /** The text members (name, error, cause, parameters) of the event's details, whatever its type. */
        private static Map<String, String> details(HistoryEvent event) {
            Map<String, String> found = new LinkedHashMap<>();
            for (SdkField<?> field : event.sdkFields()) {
                if (field.getValueOrDefault(event) instanceof SdkPojo detail) {
                    for (SdkField<?> member : detail.sdkFields()) {
                        if (member.getValueOrDefault(detail) instanceof String text) {
                            found.put(member.memberName(), text);
                        }
                    }
                }
            }
            return found;
        }

        /** The task token a waitForTaskToken step passed on ({@code taskToken} in its parameters or Payload). */
        private static String taskToken(String parameters) {
            if (parameters == null) {
                return null;
            }
            JsonNode node = Json.treeOrEmpty(parameters.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            JsonNode token = node.path("Payload").path("taskToken");
            if (token.isMissingNode()) {
                token = node.path("taskToken");
            }
            return token.isTextual() ? token.asText() : null;
        }
    }
}
