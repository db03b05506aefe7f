package com.creatorflow.local.events;

import java.util.Map;

/**
 * One target of a rule, as {@code AWS::Events::Rule} Targets (or a SAM {@code EventBridgeRule} event) declare it.
 *
 * @param id the target id
 * @param arn the target: a Lambda function, an SQS queue or a state machine
 * @param input constant JSON text sent instead of the event, or null
 * @param inputPath JSONPath of the part of the event to send, or null
 * @param inputTransformer the transformer, or null
 * @param retryPolicy how long and how often to retry a failed delivery
 * @param deadLetterArn the SQS queue that receives events that could not be delivered, or null (dropped)
 * @param messageGroupId the FIFO message group for an SQS FIFO target, or null
 */
public record RuleTarget(String id, String arn, String input, String inputPath, InputTransformer inputTransformer,
                         RetryPolicy retryPolicy, String deadLetterArn, String messageGroupId) {
    public RuleTarget {
        retryPolicy = retryPolicy == null ? RetryPolicy.DEFAULT : retryPolicy;
    }

    /**
     * Variables read from the event with JSONPath and a template they fill.
     *
     * @param inputPathsMap variable name to JSONPath
     * @param inputTemplate the template with {@code <variable>} placeholders
     */
    public record InputTransformer(Map<String, String> inputPathsMap, String inputTemplate) {
        public InputTransformer {
            inputPathsMap = inputPathsMap == null ? Map.of() : Map.copyOf(inputPathsMap);
        }
    }

    /**
     * EventBridge's retry policy of a target.
     *
     * @param maximumRetryAttempts retries after the first attempt (0 to 185)
     * @param maximumEventAgeSeconds give up on an event older than this (60 to 86400)
     */
    public record RetryPolicy(int maximumRetryAttempts, int maximumEventAgeSeconds) {
        /** AWS's default: 185 retries within 24 hours. */
        public static final RetryPolicy DEFAULT = new RetryPolicy(185, 86_400);
    }
}
