package com.creatorflow.shared.tiktok.sync;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Exponential backoff with jitter for failed queue messages: instead of waiting the queue's full visibility timeout,
 * a failed message becomes visible again after about 2^(receives-1) seconds (at most 5 minutes), with half of it
 * random. If changing the visibility fails, the queue's own timeout applies: nothing is lost.
 */
public final class RetryBackoff {
    private static final Logger LOG = LoggerFactory.getLogger(RetryBackoff.class);
    private static final int MAX_SECONDS = 300;

    private final SqsClient sqs;
    private final String queueUrl;

    /**
     * @param sqs the SQS client
     * @param queueUrl the queue the messages came from
     */
    public RetryBackoff(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Delays a failed message's next delivery. */
    public void delay(SQSEvent.SQSMessage message) {
        int seconds = seconds(receives(message));
        try {
            sqs.changeMessageVisibility(r -> r.queueUrl(queueUrl).receiptHandle(message.getReceiptHandle())
                    .visibilityTimeout(seconds));
        } catch (RuntimeException e) {
            LOG.warn("could not shorten the retry delay of message {}: {}", message.getMessageId(), e.toString());
        }
    }

    /** How many times the queue has handed out the message (its {@code ApproximateReceiveCount}; 1 if absent). */
    public static int receives(SQSEvent.SQSMessage message) {
        if (message.getAttributes() != null && message.getAttributes().get("ApproximateReceiveCount") != null) {
            return Integer.parseInt(message.getAttributes().get("ApproximateReceiveCount"));
        }
        return 1;
    }

    /** The delay after a number of receives: 2^(n-1) seconds capped at 300, half of it random. */
    static int seconds(int receives) {
        int base = (int) Math.min(MAX_SECONDS, 1L << Math.min(20, Math.max(0, receives - 1)));
        int half = Math.max(1, base / 2);
        return half + ThreadLocalRandom.current().nextInt(half + 1);
    }
}
