package com.creatorflow.shared.workflow;

/**
 * Resumes a workflow that waits on a task token ({@code .waitForTaskToken}): the step that waits hands its token to
 * the code that will later know the outcome (stock arrived, a person decided). The production implementation is
 * {@link StepFunctionsSignal}.
 */
public interface WorkflowSignal {
    /** The waiting step succeeds with this output (a JSON-able value). */
    void success(String taskToken, Object output);

    /** The waiting step fails with this error name (matched by the state machine's Catch) and cause. */
    void failure(String taskToken, String error, String cause);
}
