package com.creatorflow.shared.workflow;

import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** {@link TaskTokens} on Step Functions' SendTaskSuccess / SendTaskFailure. */
public final class StepFunctionsTaskTokens implements TaskTokens {
    private final SfnClient sfn;

    public StepFunctionsTaskTokens(SfnClient sfn) {
        this.sfn = sfn;
    }

    @Override
    public boolean succeed(String taskToken, String outputJson) {
        try {
            sfn.sendTaskSuccess(r -> r.taskToken(taskToken).output(outputJson));
            return true;
        } catch (InvalidTokenException | TaskDoesNotExistException | TaskTimedOutException stale) {
            return false;
        }
    }

    @Override
    public boolean fail(String taskToken, String error, String cause) {
        try {
            sfn.sendTaskFailure(r -> r.taskToken(taskToken).error(error).cause(cause));
            return true;
        } catch (InvalidTokenException | TaskDoesNotExistException | TaskTimedOutException stale) {
            return false;
        }
    }
}
