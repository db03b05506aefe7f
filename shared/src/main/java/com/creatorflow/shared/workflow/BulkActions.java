package com.creatorflow.shared.workflow;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/**
 * A creator's action over many orders at once, run by the bulk-actions workflow (a Map over the orders, each item
 * one idempotent action). A job is the workflow execution; its id is the execution name, and a job is only ever shown
 * to the tenant that started it.
 */
public final class BulkActions {
    /** The most orders one job takes. */
    public static final int MAX_ORDERS = 500;
    private static final Set<String> ACTIONS = Set.of("CANCEL", "APPROVE", "RETRY");
    private static final Pattern JOB_ID = Pattern.compile("bulk-[0-9a-f-]{36}");

    private final SfnClient sfn;
    private final String stateMachineArn;

    public BulkActions(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    /** Starts a job; returns its id. */
    public String start(String tenantId, String action, List<String> orderIds, String reason, String actor) {
        if (action == null || !ACTIONS.contains(action)) {
            throw new ValidationFailed("action", "action must be one of " + ACTIONS);
        }
        Set<String> distinct = new LinkedHashSet<>(orderIds == null ? List.of() : orderIds);
        if (distinct.isEmpty() || distinct.size() > MAX_ORDERS) {
            throw new ValidationFailed("orderIds", "orderIds must name 1 to " + MAX_ORDERS + " orders");
        }
        String jobId = "bulk-" + UUID.randomUUID();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("tenantId", tenantId);
        input.put("action", action);
        input.put("orderIds", List.copyOf(distinct));
        input.put("reason", reason == null ? action.toLowerCase(java.util.Locale.ROOT) + " from a bulk action" : reason);
        input.put("actor", actor);
        sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(jobId).input(Json.write(input)));
        return jobId;
    }

    /**
     * A job as its creator sees it.
     *
     * @param jobId the job
     * @param status RUNNING, SUCCEEDED, FAILED, ...
     * @param action the action
     * @param orders how many orders it covers
     * @param results per order: orderId, outcome (DONE, REFUSED, FAILED) and why (when it ends)
     */
    public record Job(String jobId, String status, String action, int orders, JsonNode results) {
    }

    /** A job of this tenant; another tenant's job or an unknown id is "not found". */
    public Job status(String tenantId, String jobId) {
        if (!JOB_ID.matcher(jobId).matches()) {
            throw new BulkJobNotFound(jobId);
        }
        DescribeExecutionResponse execution;
        try {
            execution = sfn.describeExecution(r -> r.executionArn(
                    stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + jobId));
        } catch (ExecutionDoesNotExistException e) {
            throw new BulkJobNotFound(jobId);
        }
        JsonNode input = Json.tree(execution.input());
        if (!tenantId.equals(input.path("tenantId").asText())) {
            throw new BulkJobNotFound(jobId);
        }
        JsonNode results = execution.output() == null ? null : Json.tree(execution.output()).get("results");
        return new Job(jobId, execution.statusAsString(), input.path("action").asText(),
                input.path("orderIds").size(), results);
    }

    /** No such bulk job for this tenant. */
    public static final class BulkJobNotFound extends com.creatorflow.shared.error.CreatorFlowException {
        private static final long serialVersionUID = 1L;

        BulkJobNotFound(String jobId) {
            super("bulk job " + jobId + " not found");
        }

        @Override
        public int httpStatus() {
            return 404;
        }
    }
}
