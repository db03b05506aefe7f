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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The local SQS event source mapping against ElasticMQ: batch sizes, the batching window and idle pollers. */
class SqsEventSourceIT {
    private static final Queue<Integer> BATCHES = new ConcurrentLinkedQueue<>();
    private static final Set<Long> SLOW_THREADS = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger SLOW_DELIVERED = new AtomicInteger();

    /** Takes 200 ms per batch and records which poller thread (by id) delivered it. */
    public static final class SlowHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
        public SlowHandler(Env env) {
        }

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            SLOW_THREADS.add(Thread.currentThread().threadId());
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            SLOW_DELIVERED.addAndGet(event.getRecords().size());
            return new SQSBatchResponse(List.of());
        }
    }

    /** Counts the ReceiveMessage calls a client makes. */
    private static final class Receives implements ExecutionInterceptor {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                                    ExecutionAttributes attributes) {
            if (context.request() instanceof ReceiveMessageRequest) {
                count.incrementAndGet();
            }
        }
    }

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
            send(client, url, 35);
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

    private static SqsClient counting(LocalSqs sqs, Receives receives) {
        return SqsClient.builder().endpointOverride(sqs.endpoint()).region(Region.of(LocalClients.REGION))
                .credentialsProvider(LocalClients.CREDENTIALS).httpClient(LocalClients.http())
                .overrideConfiguration(o -> o.addExecutionInterceptor(receives)).build();
    }

    /** Sends {@code count} messages in batches of ten. */
    private static void send(SqsClient client, String url, int count) {
        for (int sent = 0; sent < count; sent += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < Math.min(10, count - sent); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("{}").build());
            }
            client.sendMessageBatch(r -> r.queueUrl(url).entries(entries));
        }
    }

    @Test
    void anIdleMappingReceivesWithOnePollerAndWakesTheOthersWhenMessagesCome() throws Exception {
        LocalSqs sqs = LocalSqs.start(0, "us-east-1");
        Receives receives = new Receives();
        try (SqsClient client = counting(sqs, receives)) {
            String url = client.createQueue(r -> r.queueName("idle")).queueUrl();
            LocalFunction function = new LocalFunction("Slow", SlowHandler.class, Env.of(Map.of(), null), 512, 30);
            try (SqsEventSource source = new SqsEventSource(client, url, "arn:aws:sqs:us-east-1:000000000000:idle",
                    function, 1, true, 4, 0)) {
                Thread.sleep(1_500);
                int before = receives.count.get();
                Thread.sleep(3_000);
                int idleReceives = receives.count.get() - before;
                assertThat(idleReceives).as("receives in 3 s of an empty queue, 4 pollers with 1 s long polls")
                        .isLessThanOrEqualTo(5);

                send(client, url, 40);
                Eventually.await("all 40 messages delivered", Duration.ofSeconds(20),
                        () -> SLOW_DELIVERED.get() == 40);
                assertThat(SLOW_THREADS).as("pollers that delivered the backlog").hasSizeGreaterThan(1);
            }
        } finally {
            sqs.close();
        }
    }
}
