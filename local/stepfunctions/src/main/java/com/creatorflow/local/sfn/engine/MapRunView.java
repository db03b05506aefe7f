package com.creatorflow.local.sfn.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Map Run as DescribeMapRun reports it.
 *
 * @param mapRunArn the Map Run
 * @param executionArn the execution whose distributed Map started it
 * @param stateMachineArn the child executions' state machine ({@code parent/label})
 * @param status RUNNING, SUCCEEDED, FAILED or ABORTED
 * @param startDate epoch milliseconds
 * @param stopDate epoch milliseconds, or null while running
 * @param maxConcurrency the concurrency (0 = the engine's default)
 * @param toleratedFailureCount or null
 * @param toleratedFailurePercentage or null
 * @param itemCounts items by status (pending, running, succeeded, failed, aborted, total)
 * @param executionCounts child executions by status, likewise
 * @param executions the child executions that have started
 */
public record MapRunView(String mapRunArn, String executionArn, String stateMachineArn, String status, long startDate,
                         Long stopDate, int maxConcurrency, Integer toleratedFailureCount,
                         Double toleratedFailurePercentage, Map<String, Integer> itemCounts,
                         Map<String, Integer> executionCounts, List<ExecutionView> executions) {
    static MapRunView of(MapRun run) {
        List<ExecutionView> children = new ArrayList<>();
        for (int i = 0; i < run.inputs.length; i++) {
            MapRun.ChildStatus child = run.statuses[i];
            if (child == MapRun.ChildStatus.PENDING) {
                continue;
            }
            children.add(run.childView(i));
        }
        return new MapRunView(run.arn, run.executionArn, run.childStateMachineArn, run.status, run.startDate,
                run.stopDate, run.maxConcurrency, run.toleratedFailureCount, run.toleratedFailurePercentage,
                counts(run.itemCounts()), counts(run.executionCounts()), List.copyOf(children));
    }

    private static Map<String, Integer> counts(int[] byStatus) {
        Map<String, Integer> out = new LinkedHashMap<>();
        int total = 0;
        for (MapRun.ChildStatus status : MapRun.ChildStatus.values()) {
            out.put(status.name().toLowerCase(java.util.Locale.ROOT), byStatus[status.ordinal()]);
            total += byStatus[status.ordinal()];
        }
        out.put("timedOut", 0);
        out.put("total", total);
        return out;
    }
}
