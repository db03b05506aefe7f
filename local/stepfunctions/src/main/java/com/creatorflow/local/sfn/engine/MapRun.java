package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A Map Run: one run of a distributed Map state, as ListMapRuns and DescribeMapRun report it. Each iteration (an
 * item, or a batch of items) is one child execution named here; the iterations run inside the parent execution, and
 * their start, stop, status and output are kept here for the API and the ResultWriter, and a STANDARD child's own
 * history for GetExecutionHistory (EXPRESS children have none, as in AWS). Guarded by the parent execution's monitor
 * while it runs; each child's history by itself, for readers outside it.
 */
final class MapRun {
    /** A child execution's status, as the API names it. */
    enum ChildStatus {
        PENDING, RUNNING, SUCCEEDED, FAILED, ABORTED
    }

    final String arn;
    final String executionArn;
    final String childStateMachineArn;
    final String childExecutionPrefix;
    final long startDate;
    final int maxConcurrency;
    final Integer toleratedFailureCount;
    final Double toleratedFailurePercentage;
    final JsonNode[] inputs;
    final int[] itemsPerChild;
    final ChildStatus[] statuses;
    final long[] starts;
    final long[] stops;
    final JsonNode[] outputs;
    final String[] errors;
    final String[] causes;
    /** Each child's history (STANDARD children only); null when not kept or forgotten. */
    private volatile List<HistoryEvent>[] histories;
    /** True when the children are STANDARD executions (EXPRESS ones keep no history). */
    final boolean standardChildren;
    private final String roleArn;
    volatile String status = "RUNNING";
    volatile Long stopDate;

    MapRun(String arn, String executionArn, String childStateMachineArn, String childExecutionPrefix, long startDate,
           int maxConcurrency, Integer toleratedFailureCount, Double toleratedFailurePercentage, JsonNode[] inputs,
           int[] itemsPerChild, boolean standardChildren, String roleArn) {
        this.arn = arn;
        this.executionArn = executionArn;
        this.childStateMachineArn = childStateMachineArn;
        this.childExecutionPrefix = childExecutionPrefix;
        this.startDate = startDate;
        this.maxConcurrency = maxConcurrency;
        this.toleratedFailureCount = toleratedFailureCount;
        this.toleratedFailurePercentage = toleratedFailurePercentage;
        this.inputs = inputs;
        this.itemsPerChild = itemsPerChild;
        int n = inputs.length;
        statuses = new ChildStatus[n];
        java.util.Arrays.fill(statuses, ChildStatus.PENDING);
        starts = new long[n];
        stops = new long[n];
        outputs = new JsonNode[n];
        errors = new String[n];
        causes = new String[n];
        this.roleArn = roleArn;
        this.standardChildren = standardChildren;
        @SuppressWarnings("unchecked")
        List<HistoryEvent>[] kept = standardChildren ? new List[n] : null;
        histories = kept;
    }

    /** The child execution's name: its index in the run, as a UUID derived from the run, so it is stable. */
    String childName(int index) {
        return java.util.UUID.nameUUIDFromBytes((arn + "#" + index).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString();
    }

    /** The child execution's ARN. */
    String childArn(int index) {
        return childExecutionPrefix + childName(index);
    }

    /** Marks a child started; returns the id of its history's first event, or 0 when it keeps none. */
    long started(int index, long now) {
        statuses[index] = ChildStatus.RUNNING;
        starts[index] = now;
        List<HistoryEvent>[] kept = histories;
        if (kept != null) {
            kept[index] = new ArrayList<>();
            ObjectNode details = JsonValues.NODES.objectNode();
            details.put("input", JsonValues.write(inputs[index]));
            details.putObject("inputDetails").put("truncated", false);
            details.put("roleArn", roleArn);
            return record(index, 0, now, "ExecutionStarted", "executionStartedEventDetails", details).id();
        }
        return 0;
    }

    void finished(int index, long now, ChildStatus status, JsonNode output, String error, String cause) {
        statuses[index] = status;
        stops[index] = now;
        outputs[index] = output;
        errors[index] = error;
        causes[index] = cause;
        ObjectNode details = JsonValues.NODES.objectNode();
        switch (status) {
            case SUCCEEDED -> {
                details.put("output", output == null ? "null" : JsonValues.write(output));
                details.putObject("outputDetails").put("truncated", false);
                record(index, lastEventId(index), now, "ExecutionSucceeded", "executionSucceededEventDetails",
                        details);
            }
            case FAILED -> {
                JsonValues.putIfNotNull(details, "error", error);
                JsonValues.putIfNotNull(details, "cause", cause);
                record(index, lastEventId(index), now, "ExecutionFailed", "executionFailedEventDetails", details);
            }
            default -> record(index, lastEventId(index), now, "ExecutionAborted", "executionAbortedEventDetails",
                    details);
        }
    }

    /**
     * Appends an event to a child's history and returns it; when the child keeps none (EXPRESS, forgotten, or started
     * before an engine restart) the event is returned unrecorded, with the previous event's id.
     */
    HistoryEvent record(int index, long previousEventId, long timestamp, String type, String detailsKey,
                        ObjectNode details) {
        List<HistoryEvent> history = historyOf(index);
        if (history == null) {
            return new HistoryEvent(previousEventId, previousEventId, timestamp, type, detailsKey, details);
        }
        synchronized (history) {
            HistoryEvent event = new HistoryEvent(history.size() + 1L, previousEventId, timestamp, type, detailsKey,
                    details);
            history.add(event);
            return event;
        }
    }

    private long lastEventId(int index) {
        List<HistoryEvent> history = historyOf(index);
        if (history == null) {
            return 0;
        }
        synchronized (history) {
            return history.size();
        }
    }

    /** The live history of a child, or null when it keeps none. */
    private List<HistoryEvent> historyOf(int index) {
        List<HistoryEvent>[] kept = histories;
        return kept == null ? null : kept[index];
    }

    /** A child that has started, as DescribeExecution reports it. */
    ExecutionView childView(int index) {
        return new ExecutionView(childArn(index), childStateMachineArn, childName(index),
                ExecutionStatus.valueOf(statuses[index].name()), starts[index], stops[index] == 0 ? null : stops[index],
                JsonValues.write(inputs[index]), outputs[index] == null ? null : JsonValues.write(outputs[index]),
                errors[index], causes[index], 0, null, false, arn);
    }

    /** A child's history, oldest first; null when it keeps none. */
    List<HistoryEvent> history(int index) {
        List<HistoryEvent> history = historyOf(index);
        if (history == null) {
            return null;
        }
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** True when the children are STANDARD executions whose histories are still kept. */
    boolean keepsHistories() {
        return histories != null;
    }

    /** Drops the children's histories (their status stays). */
    void forgetHistories() {
        histories = null;
    }

    /** The index of the child execution with this ARN, or -1 when it is not one of this run's. */
    int childIndex(String executionArn) {
        if (!executionArn.startsWith(childExecutionPrefix)) {
            return -1;
        }
        String name = executionArn.substring(childExecutionPrefix.length());
        for (int i = 0; i < inputs.length; i++) {
            if (childName(i).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Counts of child executions (batches) by status. */
    int[] executionCounts() {
        int[] counts = new int[ChildStatus.values().length];
        for (ChildStatus s : statuses) {
            counts[s.ordinal()]++;
        }
        return counts;
    }

    /** Counts of items by the status of the child that holds them. */
    int[] itemCounts() {
        int[] counts = new int[ChildStatus.values().length];
        for (int i = 0; i < statuses.length; i++) {
            counts[statuses[i].ordinal()] += itemsPerChild[i];
        }
        return counts;
    }
}
