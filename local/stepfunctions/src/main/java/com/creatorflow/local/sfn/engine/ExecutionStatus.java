package com.creatorflow.local.sfn.engine;

/** The status of an execution, as the Step Functions API names it. */
public enum ExecutionStatus {
    RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE;

    /** True once the execution has stopped (until a redrive). */
    public boolean closed() {
        return this != RUNNING && this != PENDING_REDRIVE;
    }
}
