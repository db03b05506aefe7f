package com.creatorflow.local.sfn.engine;

import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS SDK clients that service integrations call (pointed at the local services). Suppliers, so that a client
 * is built only when a workflow first uses it and may point at the engine's own endpoint.
 *
 * @param dynamo DynamoDB
 * @param sqs SQS
 * @param eventBridge EventBridge
 * @param stepFunctions Step Functions (for {@code states:startExecution})
 * @param s3 S3 (a distributed Map's ItemReader and ResultWriter)
 */
public record AwsServiceClients(Supplier<DynamoDbClient> dynamo, Supplier<SqsClient> sqs,
                                Supplier<EventBridgeClient> eventBridge, Supplier<SfnClient> stepFunctions,
                                Supplier<S3Client> s3) {
    /** Clients without S3 (a distributed Map that reads or writes S3 fails with a clear error). */
    public AwsServiceClients(Supplier<DynamoDbClient> dynamo, Supplier<SqsClient> sqs,
                             Supplier<EventBridgeClient> eventBridge, Supplier<SfnClient> stepFunctions) {
        this(dynamo, sqs, eventBridge, stepFunctions, () -> {
            throw new IllegalStateException("no S3 client is configured for the local engine");
        });
    }

    /** No clients: every service integration fails with a clear error. */
    public static AwsServiceClients none() {
        Supplier<DynamoDbClient> dynamo = () -> {
            throw new IllegalStateException("no DynamoDB client is configured for the local engine");
        };
        Supplier<SqsClient> sqs = () -> {
            throw new IllegalStateException("no SQS client is configured for the local engine");
        };
        Supplier<EventBridgeClient> events = () -> {
            throw new IllegalStateException("no EventBridge client is configured for the local engine");
        };
        Supplier<SfnClient> sfn = () -> {
            throw new IllegalStateException("no Step Functions client is configured for the local engine");
        };
        return new AwsServiceClients(dynamo, sqs, events, sfn);
    }
}
