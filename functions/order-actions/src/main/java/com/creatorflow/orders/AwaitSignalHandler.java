package com.creatorflow.orders;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.workflow.OrderRef;
import com.creatorflow.shared.workflow.StepFunctionsTaskTokens;
import com.creatorflow.shared.workflow.TaskHandler;
import com.creatorflow.shared.workflow.WorkflowWaits;
import java.util.Map;

/**
 * Workflow step that parks a task token ({@code .waitForTaskToken}) until something outside happens to the order,
 * e.g. the returned parcel arrives (signalled by the TikTok sync when the return completes).
 */
public final class AwaitSignalHandler extends TaskHandler<AwaitSignalHandler.Input, Map<String, Object>> {
    /**
     * The step's input.
     *
     * @param tenantId the tenant
     * @param orderId the order
     * @param kind what the step waits for (e.g. RETURN_OUTCOME)
     * @param taskToken {@code $$.Task.Token}
     */
    public record Input(String tenantId, String orderId, String kind, String taskToken) implements OrderRef {
    }

    private final WorkflowWaits waits;

    /** Lambda's constructor: collaborators from the process environment. */
    public AwaitSignalHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public AwaitSignalHandler(Env env) {
        this(new WorkflowWaits(env.aws().dynamo(), env.require("WORKFLOW_WAITS_TABLE"),
                new StepFunctionsTaskTokens(env.aws().stepFunctions())));
    }

    /** Explicit collaborators (tests). */
    public AwaitSignalHandler(WorkflowWaits waits) {
        super(Input.class);
        this.waits = waits;
    }

    @Override
    protected Map<String, Object> handle(Input input, Context context) {
        waits.park(input.tenantId(), input.orderId(), input.kind(), input.taskToken());
        return Map.of("parked", input.kind());
    }
}
