package com.creatorflow.local.sfn.engine;

import java.util.concurrent.CompletionStage;

/** Nested executions for {@code states:startExecution.sync} and {@code .sync:2}: start one, learn when it ends. */
interface ChildExecutions {
    /** Starts (or, for the same name and input, finds) an execution. */
    ExecutionView start(String stateMachineArn, String name, String input);

    /** Completes when the execution is no longer running, with its final view. */
    CompletionStage<ExecutionView> whenFinished(String executionArn);
}
