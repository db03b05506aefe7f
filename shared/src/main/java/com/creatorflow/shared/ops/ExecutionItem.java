package com.creatorflow.shared.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A workflow execution as the ops API shows it.
 *
 * @param executionArn the execution
 * @param workflow fulfilment, cancellation, return or needs-attention
 * @param orderId the order it works on (from its input)
 * @param status RUNNING, SUCCEEDED, FAILED, TIMED_OUT or ABORTED
 * @param startDate when it started (ISO-8601)
 * @param stopDate when it stopped, or null
 * @param failingStep the step whose error ended it (or the step of the last error seen), or null
 * @param error that error's name
 * @param cause that error's cause
 * @param redrivable true when Step Functions would redrive it
 * @param waitingStep the step waiting for an answer (a task token), or null
 * @param events the history, oldest first (only on describe)
 */
public record ExecutionItem(String executionArn, String workflow, String orderId, String status, String startDate,
                            String stopDate, String failingStep, String error, String cause, boolean redrivable,
                            String waitingStep, @JsonInclude(JsonInclude.Include.NON_NULL) List<Event> events) {

    /** This item without its history (list entries). */
    ExecutionItem withoutEvents() {
        return new ExecutionItem(executionArn, workflow, orderId, status, startDate, stopDate, failingStep, error, cause,
                redrivable, waitingStep, null);
    }

    /**
     * One history event.
     *
     * @param timestamp when (ISO-8601)
     * @param type the Step Functions event type
     * @param step the state it belongs to (the last one entered), or null before the first
     * @param error an error's name, or null
     * @param cause an error's cause, or null
     */
    public record Event(String timestamp, String type, String step, String error, String cause) {
    }
}
