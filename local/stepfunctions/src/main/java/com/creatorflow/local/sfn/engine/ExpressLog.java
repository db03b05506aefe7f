package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.path.JsonValues;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an Express execution's end goes instead of an execution history: AWS keeps no history for Express
 * workflows (GetExecutionHistory and DescribeExecution refuse their ARNs) and sends their events to the state
 * machine's CloudWatch Logs group; locally one JSON line per finished execution goes to the
 * {@code stepfunctions.express} logger, in the fields AWS's log records use (without the execution data).
 */
final class ExpressLog {
    private static final Logger LOG = LoggerFactory.getLogger("stepfunctions.express");

    private ExpressLog() {
    }

    /** Logs a finished Express execution: a failure at WARN with its error and cause, a success at DEBUG. */
    static void finished(ExecutionView view) {
        boolean failed = view.status() != ExecutionStatus.SUCCEEDED;
        if (!(failed ? LOG.isWarnEnabled() : LOG.isDebugEnabled())) {
            return;
        }
        ObjectNode line = JsonValues.NODES.objectNode();
        line.put("type", switch (view.status()) {
            case SUCCEEDED -> "ExecutionSucceeded";
            case TIMED_OUT -> "ExecutionTimedOut";
            case ABORTED -> "ExecutionAborted";
            default -> "ExecutionFailed";
        });
        line.put("execution_arn", view.executionArn());
        line.put("state_machine_arn", view.stateMachineArn());
        line.put("event_timestamp", view.stopDate() == null ? System.currentTimeMillis() : view.stopDate());
        line.put("duration_ms", view.stopDate() == null ? 0 : view.stopDate() - view.startDate());
        if (failed) {
            line.putObject("details").put("error", view.error()).put("cause", view.cause());
            LOG.warn(JsonValues.write(line));
        } else {
            LOG.debug(JsonValues.write(line));
        }
    }
}
