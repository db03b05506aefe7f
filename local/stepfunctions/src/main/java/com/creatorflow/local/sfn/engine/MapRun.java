package com.creatorflow.local.sfn.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Map Run: one run of a distributed Map state, as ListMapRuns and DescribeMapRun report it. Each iteration (an
 * item, or a batch of items) is one child execution named here; the iterations run inside the parent execution, and
 * their start, stop, status and output are kept here for the API and the ResultWriter. Guarded by the parent
 * execution's monitor while it runs.
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
    volatile String status = "RUNNING";
    volatile Long stopDate;

    MapRun(String arn, String executionArn, String childStateMachineArn, String childExecutionPrefix, long startDate,
           int maxConcurrency, Integer toleratedFailureCount, Double toleratedFailurePercentage, JsonNode[] inputs,
           int[] itemsPerChild) {
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

    void started(int index, long now) {
        statuses[index] = ChildStatus.RUNNING;
        starts[index] = now;
    }

    void finished(int index, long now, ChildStatus status, JsonNode output, String error, String cause) {
        statuses[index] = status;
        stops[index] = now;
        outputs[index] = output;
        errors[index] = error;
        causes[index] = cause;
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
