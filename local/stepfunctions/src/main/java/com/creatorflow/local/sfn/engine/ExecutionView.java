package com.creatorflow.local.sfn.engine;

/**
 * A snapshot of an execution as DescribeExecution reports it.
 *
 * @param executionArn the ARN
 * @param stateMachineArn the state machine
 * @param name the execution name
 * @param status the status
 * @param startDate epoch milliseconds
 * @param stopDate epoch milliseconds, or null while running
 * @param input the input JSON text
 * @param output the output JSON text, or null
 * @param error the error name, or null
 * @param cause the cause, or null
 * @param redriveCount how often it was redriven
 * @param redriveDate epoch milliseconds of the last redrive, or null
 * @param redrivable whether RedriveExecution would accept it now
 * @param mapRunArn the Map Run that dispatched it (a distributed Map's child execution), or null
 */
public record ExecutionView(String executionArn, String stateMachineArn, String name, ExecutionStatus status,
                            long startDate, Long stopDate, String input, String output, String error, String cause,
                            int redriveCount, Long redriveDate, boolean redrivable, String mapRunArn) {
}
