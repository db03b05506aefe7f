package com.creatorflow.shared.workflow;

import com.creatorflow.shared.json.Json;
import java.util.Optional;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;

/** Starts executions of one Step Functions state machine; a name already used is treated as already started. */
public final class StepFunctionsStarter implements WorkflowStarter {
    private final SfnClient sfn;
    private final String stateMachineArn;

    /**
     * @param sfn the Step Functions client
     * @param stateMachineArn the state machine
     */
    public StepFunctionsStarter(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public Optional<String> start(String executionName, Object input) {
        try {
            return Optional.of(sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(executionName)
                    .input(Json.write(input))).executionArn());
        } catch (ExecutionAlreadyExistsException e) {
            return Optional.of(executionArn(executionName));
        }
    }

    @Override
    public String executionArn(String executionName) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + executionName;
    }
}
