package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The DynamoDB stream event source on Dynoxide's stream of the AuditLog table: records written while no source runs
 * are delivered when one starts again from the durable checkpoint (nothing lost, nothing repeated), and a record
 * the function keeps failing is retried, then described on the OnFailure queue and passed.
 */
class DynamoDbStreamEventSourceIT {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private final TestStack stack = TestStack.get();
    private final OrderRepository orders = OrderRepository.fromEnv(stack.env());

    private DynamoDbStreamEventSource source(StreamCheckpoints checkpoints, int retries, String onFailureQueue) {
        LocalFunction function = new LocalFunction("RecordingFunction", RecordingStreamHandler.class, stack.env(),
                512, 30);
        String table = stack.tables().get("AuditLogTable");
        return new DynamoDbStreamEventSource(stack.env().aws().dynamo(),
                LocalClients.dynamoStreams(stack.dynoxide().endpoint()), LocalClients.sqs(stack.sqs().endpoint()),
                new DynamoDbStreamEventSource.Settings(table, "arn:aws:dynamodb:us-east-1:000000000000:table/" + table
                        + "/stream/local", "TRIM_HORIZON", 100, true, retries, onFailureQueue), function, checkpoints);
    }

    @Test
    void recordsWrittenWhileNoSourceRunsArriveWhenItResumesFromItsCheckpoint() throws Exception {
        Path file = Files.createTempDirectory("checkpoints").resolve("stream-checkpoints.json");
        String tenant = TestStack.tenant();
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        try (DynamoDbStreamEventSource first = source(StreamCheckpoints.at(file), 3, null)) {
            assertThat(poll(() -> seen(tenant).size() == 1)).isTrue();
        }
        orders.transition(order, OrderState.READY, "workflow:test", "validated");
        Thread.sleep(300);
        assertThat(seen(tenant)).as("nobody reads the stream now").hasSize(1);

        try (DynamoDbStreamEventSource second = source(StreamCheckpoints.at(file), 3, null)) {
            assertThat(poll(() -> seen(tenant).size() >= 2)).isTrue();
            Thread.sleep(300);
        }
        assertThat(seen(tenant)).containsExactly(key(order, 1), key(order, 2));
    }

    @Test
    void aRecordThatKeepsFailingIsRetriedThenDescribedOnTheOnFailureQueue() {
        String queueUrl = stack.queues().get("OrderEventsFailureQueue");
        String tenant = TestStack.tenant();
        RecordingStreamHandler.FAILING.add(tenant);
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        try (DynamoDbStreamEventSource source = source(StreamCheckpoints.at(null), 2, queueUrl)) {
            JsonNode failure = null;
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (failure == null && System.nanoTime() < end) {
                for (Message message : stack.env().aws().sqs().receiveMessage(r -> r.queueUrl(queueUrl)
                        .waitTimeSeconds(1).maxNumberOfMessages(10)).messages()) {
                    failure = Json.tree(message.body());
                    stack.env().aws().sqs().deleteMessage(r -> r.queueUrl(queueUrl)
                            .receiptHandle(message.receiptHandle()));
                }
            }
            assertThat(failure).isNotNull();
            assertThat(failure.at("/requestContext/condition").asText()).isEqualTo("RetryAttemptsExhausted");
            assertThat(failure.at("/DDBStreamBatchInfo/batchSize").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(seen(tenant)).as("first attempt and two retries")
                    .containsExactly(key(order, 1), key(order, 1), key(order, 1));
        } finally {
            RecordingStreamHandler.FAILING.remove(tenant);
        }
    }

    private static String key(Order order, int seq) {
        return order.tenantId() + "#" + order.orderId() + "#" + seq;
    }

    private static List<String> seen(String tenant) {
        return RecordingStreamHandler.SEEN.getOrDefault(tenant, List.of());
    }

    private static boolean poll(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
