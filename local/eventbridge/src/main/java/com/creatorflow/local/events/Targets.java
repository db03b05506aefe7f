package com.creatorflow.local.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Sends payloads to targets by the service in their ARN: Lambda functions through a {@link LambdaInvoker}, SQS
 * queues through an {@link SqsClient} (queue URLs looked up by name once), state machines through a
 * {@link StateMachineTarget}. Also sends dead-letter messages, which are SQS messages with attributes.
 */
public final class Targets {
    private final LambdaInvoker lambda;
    private final SqsClient sqs;
    private final StateMachineTarget stateMachines;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();

    /**
     * @param lambda invokes functions asynchronously
     * @param sqs the SQS client for queue targets and dead-letter queues
     * @param stateMachines starts executions
     */
    public Targets(LambdaInvoker lambda, SqsClient sqs, StateMachineTarget stateMachines) {
        this.lambda = lambda;
        this.sqs = sqs;
        this.stateMachines = stateMachines;
    }

    /** Delivers a payload to a target. */
    void deliver(RuleTarget target, String payload, String eventId) throws DeliveryFailure {
        String arn = target.arn();
        String service = arn.startsWith("arn:") ? arn.split(":", 6)[2] : "";
        switch (service) {
            case "lambda" -> lambda.invokeAsync(arn, payload);
            case "states" -> stateMachines.start(arn, payload);
            case "sqs" -> {
                SendMessageRequest.Builder message = SendMessageRequest.builder().queueUrl(queueUrl(arn))
                        .messageBody(payload);
                if (target.messageGroupId() != null) {
                    message.messageGroupId(target.messageGroupId()).messageDeduplicationId(eventId);
                }
                send(message.build());
            }
            default -> throw new DeliveryFailure("INVALID_PARAMETER", "the local bus cannot deliver to " + arn,
                    false);
        }
    }

    /** Sends a dead-letter message: the event as body, EventBridge's attributes. */
    void deadLetter(String queueArn, String event, Map<String, String> attributes) throws DeliveryFailure {
        Map<String, MessageAttributeValue> values = new LinkedHashMap<>();
        attributes.forEach((name, value) -> values.put(name, MessageAttributeValue.builder()
                .dataType("String").stringValue(value).build()));
        send(SendMessageRequest.builder().queueUrl(queueUrl(queueArn)).messageBody(event)
                .messageAttributes(values).build());
    }

    private void send(SendMessageRequest request) throws DeliveryFailure {
        try {
            sqs.sendMessage(request);
        } catch (QueueDoesNotExistException e) {
            queueUrls.values().remove(request.queueUrl());
            throw new DeliveryFailure("NO_RESOURCE", "queue " + request.queueUrl() + " does not exist", false);
        } catch (SqsException e) {
            throw new DeliveryFailure("SDK_CLIENT_ERROR", e.awsErrorDetails() == null ? e.getMessage()
                    : e.awsErrorDetails().errorMessage(), true);
        } catch (SdkClientException e) {
            throw new DeliveryFailure("CONNECTION_FAILURE", e.getMessage(), true);
        }
    }

    private String queueUrl(String queueArn) throws DeliveryFailure {
        String url = queueUrls.get(queueArn);
        if (url != null) {
            return url;
        }
        String name = queueArn.substring(queueArn.lastIndexOf(':') + 1);
        try {
            url = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            throw new DeliveryFailure("NO_RESOURCE", "queue " + queueArn + " does not exist", false);
        } catch (SdkClientException e) {
            throw new DeliveryFailure("CONNECTION_FAILURE", e.getMessage(), true);
        }
        queueUrls.put(queueArn, url);
        return url;
    }
}
