package com.creatorflow.shared.workflow;

/**
 * Answers a workflow step that waits for a task token ({@code .waitForTaskToken}): a person's decision, or stock
 * arriving for a back-order.
 */
public interface TaskTokens {
    /** Resumes the waiting step with a JSON result. Returns false when the token is no longer valid. */
    boolean succeed(String taskToken, String outputJson);

    /** Fails the waiting step with an error name and cause. Returns false when the token is no longer valid. */
    boolean fail(String taskToken, String error, String cause);
}
