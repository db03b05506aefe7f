package com.creatorflow.local.sfn.engine;

import com.creatorflow.local.sfn.asl.StateMachineDefinition;

/**
 * A state machine as the API describes it (its current definition; executions keep the definition they started with).
 *
 * @param arn the ARN
 * @param name the name
 * @param type STANDARD or EXPRESS
 * @param roleArn the role (recorded, not enforced)
 * @param definition the parsed definition
 * @param creationDate epoch milliseconds
 * @param revisionId a hash of the definition
 */
public record StateMachine(String arn, String name, String type, String roleArn, StateMachineDefinition definition,
                           long creationDate, String revisionId) {
}
