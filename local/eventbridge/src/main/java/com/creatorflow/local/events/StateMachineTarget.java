package com.creatorflow.local.events;

/**
 * Starts a state machine execution for an event (the seam for the local Step Functions engine, which implements it).
 */
public interface StateMachineTarget {
    /**
     * Starts an execution.
     *
     * @param stateMachineArn the state machine
     * @param input the execution input (JSON)
     * @throws DeliveryFailure when the execution cannot be started
     */
    void start(String stateMachineArn, String input) throws DeliveryFailure;

    /** A target for runtimes without a Step Functions engine: every start fails as NO_RESOURCE. */
    static StateMachineTarget none() {
        return (arn, input) -> {
            throw new DeliveryFailure("NO_RESOURCE", "no local Step Functions engine runs " + arn, false);
        };
    }
}
