package com.creatorflow.bench;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** What the benchmarks ask of a queue to see whether work is left. */
public final class Queues {
    private Queues() {
    }

    /**
     * Messages in a queue: visible, in flight and delayed. The benchmark's own question, so not counted as the
     * system's SQS requests ({@link AwsUsage#uncounted}).
     */
    public static long backlog(SqsClient sqs, String queueUrl) {
        return AwsUsage.uncounted(() -> sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes())
                .values().stream().mapToLong(Long::parseLong).sum();
    }
}
