package com.creatorflow.local.sfn;

/**
 * An error raised while a state runs, named as Step Functions names it ({@code States.Timeout}, a Lambda error type,
 * {@code DynamoDB.ConditionalCheckFailedException}, ...). Runtime errors ({@code States.Runtime}) are not matched by
 * {@code States.ALL} or {@code States.TaskFailed} and always fail the execution, as in AWS.
 */
public final class StatesError extends RuntimeException {
    /** Errors that no Retry or Catch handles. */
    public static final String RUNTIME = "States.Runtime";
    public static final String TIMEOUT = "States.Timeout";
    public static final String HEARTBEAT_TIMEOUT = "States.HeartbeatTimeout";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String ALL = "States.ALL";
    public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    public static final String BRANCH_FAILED = "States.BranchFailed";
    public static final String EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold";
    /** A JSONata expression failed or gave a value of the wrong type (Retry and Catch handle it). */
    public static final String QUERY_EVALUATION = "States.QueryEvaluationError";
    /** Reading items from S3 for a distributed Map failed. */
    public static final String ITEM_READER_FAILED = "States.ItemReaderFailed";
    /** Writing a distributed Map's results to S3 failed. */
    public static final String RESULT_WRITER_FAILED = "States.ResultWriterFailed";

    private final String error;
    private final String errorCause;

    /**
     * @param error the error name
     * @param cause a human-readable cause (may be null)
     */
    public StatesError(String error, String cause) {
        super(error + (cause == null ? "" : ": " + cause), null, false, false);
        this.error = error;
        this.errorCause = cause;
    }

    /** A {@code States.Runtime} error with the given cause. */
    public static StatesError runtime(String cause) {
        return new StatesError(RUNTIME, cause);
    }

    /** The error name. */
    public String error() {
        return error;
    }

    /** The cause text, or null. */
    public String errorCause() {
        return errorCause;
    }

    /** A {@code States.QueryEvaluationError} with the given cause. */
    public static StatesError query(String cause) {
        return new StatesError(QUERY_EVALUATION, cause);
    }

    /** True for errors that Retry and Catch never handle. */
    public boolean isRuntime() {
        return RUNTIME.equals(error);
    }
}
