package com.creatorflow.shared.workflow;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/**
 * Sends task results to Step Functions ({@code SendTaskSuccess}/{@code SendTaskFailure}). A token whose task is
 * gone (timed out, execution stopped, already answered) is logged and ignored: the execution has moved on, and the
 * caller's own state change stands.
 */
public final class StepFunctionsSignal implements WorkflowSignal {
    private static final Logger LOG = LoggerFactory.getLogger(StepFunctionsSignal.class);

    private final SfnClient stepFunctions;

    /** Signals through this client. */
    public StepFunctionsSignal(SfnClient stepFunctions) {
        this.stepFunctions = stepFunctions;
    }

    /** The signal for an environment's Step Functions endpoint. */
    public static StepFunctionsSignal fromEnv(Env env) {
        return new StepFunctionsSignal(env.aws().stepFunctions());
    }

    @Override
    public void success(String taskToken, Object output) {
        try {
            stepFunctions.sendTaskSuccess(r -> r.taskToken(taskToken).output(Json.write(output)));
        } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
            LOG.warn("task token no longer answerable: {}", e.getMessage());
        }
    }

    @Override
    public void failure(String taskToken, String error, String cause) {
        try {
            stepFunctions.sendTaskFailure(r -> r.taskToken(taskToken).error(error).cause(cause));
        } catch (TaskTimedOutException | TaskDoesNotExistException | InvalidTokenException e) {
            LOG.warn("task token no longer answerable: {}", e.getMessage());
        }
    }
}
