package com.creatorflow.local.runtime;

import java.time.Duration;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** The order workflows' executions on the local Step Functions engine, found by execution name. */
final class LocalExecutions {
    private LocalExecutions() {
    }

    /** The ARN of an execution: {@code cancel-<orderId>} of the cancellation workflow, others of the fulfilment. */
    static String arn(SfnClient sfn, String name) {
        String machine = sfn.listStateMachines().stateMachines().stream()
                .filter(m -> m.name().equals(name.startsWith("cancel-") ? "OrderCancellationStateMachine"
                        : "OrderFulfilmentStateMachine")).findFirst().orElseThrow().stateMachineArn();
        return machine.replace(":stateMachine:", ":execution:") + ":" + name;
    }

    /** Waits until the execution is no longer running and answers how it ended. */
    static ExecutionStatus awaitEnd(SfnClient sfn, String name, Duration patience) throws InterruptedException {
        String arn = arn(sfn, name);
        Eventually.await("execution " + name + " ends", patience,
                () -> sfn.describeExecution(r -> r.executionArn(arn)).status() != ExecutionStatus.RUNNING);
        return sfn.describeExecution(r -> r.executionArn(arn)).status();
    }
}
