package com.creatorflow.local.sfn.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event of an execution's history, with AWS's event type names ({@code ExecutionStarted},
 * {@code TaskStateEntered}, {@code LambdaFunctionScheduled}, ...), ids counted from 1, and the id of the previous
 * event on the same path of the execution (branches and iterations chain their own events).
 *
 * @param id the event id
 * @param previousEventId the previous event's id (0 for the first)
 * @param timestamp epoch milliseconds
 * @param type the AWS event type
 * @param detailsKey the member of GetExecutionHistory's event that holds the details, or null
 * @param details the details, or null
 */
public record HistoryEvent(long id, long previousEventId, long timestamp, String type, String detailsKey,
                           ObjectNode details) {
}
