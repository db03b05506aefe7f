package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalSqs;
import com.creatorflow.shared.config.Env;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The local SQS event source mapping against ElasticMQ: batch sizes and the batching window. */
class SqsEventSourceIT {
    private static final Queue<Integer> BATCHES = new ConcurrentLinkedQueue<>();

    /** Records the size of each batch it is given and reports no failure. */
    public static final class BatchSizes implements RequestHandler<SQSEvent, SQSBatchResponse> {
        public BatchSizes(Env env) {
        }

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            BATCHES.add(event.getRecords().size());
            return new SQSBatchResponse(List.of());
        }
    }

    @Test
    void aBatchingWindowGathersMoreThanOneReceiveIntoABatchAndDeletesEveryMessage() throws Exception {
        LocalSqs sqs = LocalSqs.start(0, "us-east-1");
        try (SqsClient client = LocalClients.sqs(sqs.endpoint())) {
            String url = client.createQueue(r -> r.queueName("batches")).queueUrl();
            for (int sent = 0; sent < 35; sent += 5) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("{\"n\":" + (sent + i)
                            + "}").build());
                }
                client.sendMessageBatch(r -> r.queueUrl(url).entries(entries));
            }
            LocalFunction function = new LocalFunction("Batches", BatchSizes.class, Env.of(Map.of(), null), 512, 30);

            try (SqsEventSource source = new SqsEventSource(client, url, "arn:aws:sqs:us-east-1:000000000000:batches",
                    function, 25, true, 1, 2)) {
                Eventually.await("all 35 messages delivered", Duration.ofSeconds(20),
                        () -> BATCHES.stream().mapToInt(Integer::intValue).sum() == 35);
            }

            assertThat(BATCHES).containsExactly(25, 10);
            Map<QueueAttributeName, String> left = client.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            assertThat(left.values()).containsOnly("0");
        } finally {
            sqs.close();
        }
    }
}
