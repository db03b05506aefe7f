package com.creatorflow.bench;

import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalSqs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The embedded ElasticMQ in memory against durable (the queue journal in a temp folder, every acknowledged change written): SQS
 * SendMessage/s, and how fast a backlog is received and deleted (ReceiveMessage of up to ten, then one
 * DeleteMessageBatch, as the runtime's SQS event sources consume). Two rounds, in memory then durable each; the
 * first warms the JVM up and is not reported.
 */
public final class QueuesBenchmark implements Benchmark {
    private static final int THREADS = 8;
    private static final int BACKLOG = 2_000;
    private static final String BODY = "{\"tenantId\":\"bench\",\"shopId\":\"shop-1\",\"orderId\":\"576460752303423488\","
            + "\"type\":\"ORDER_STATUS_CHANGE\",\"status\":\"AWAITING_SHIPMENT\"}";

    @Override
    public String name() {
        return "queues";
    }

    @Override
    public String description() {
        return "embedded SQS send/s and receive+delete/s, in memory vs durable (queue journal)";
    }

    @Override
    public void run(BenchReport report) throws Exception {
        Path dir = Files.createTempDirectory("creatorflow-bench-queues");
        BenchReport silent = new BenchReport("warmup", new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        measure(null, silent, "in_memory", 0);
        measure(dir.resolve("warmup"), silent, "durable", 0);
        double[] memory = measure(null, report, "in_memory", 1);
        double[] durable = measure(dir.resolve("sqs"), report, "durable", 1);
        report.figure("ratio_durable_to_memory_send", durable[0] / memory[0], "x");
        report.figure("ratio_durable_to_memory_consume", durable[1] / memory[1], "x");
        report.note(THREADS + " client threads; send = one SendMessage per call for 5 s; consume = a backlog of "
                + BACKLOG + " messages received (up to 10 a call) and deleted (one DeleteMessageBatch per batch)");
    }

    private static double[] measure(Path dir, BenchReport report, String label, int round) throws Exception {
        try (LocalSqs server = LocalSqs.start(0, LocalClients.REGION, dir)) {
            SqsClient sqs = LocalClients.sqs(server.endpoint());
            String queue = sqs.createQueue(r -> r.queueName("bench-" + label + "-" + round)).queueUrl();
            LoadRunner.Result send = LoadRunner.run(THREADS, 1, 5, (thread, i) ->
                    sqs.sendMessage(r -> r.queueUrl(queue).messageBody(BODY)));
            report.figure(label + "_send_per_s", send.perSecond(), "msgs/s");
            report.figure(label + "_send_p50", send.p(50), "ms");
            report.figure(label + "_send_p99", send.p(99), "ms");
            sqs.purgeQueue(r -> r.queueUrl(queue));

            for (int sent = 0; sent < BACKLOG; sent += 10) {
                sqs.sendMessageBatch(r -> r.queueUrl(queue).entries(IntStream.range(0, 10).mapToObj(i ->
                        SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(BODY).build()).toList()));
            }
            AtomicLong consumed = new AtomicLong();
            long start = System.nanoTime();
            Thread[] consumers = new Thread[THREADS];
            for (int t = 0; t < THREADS; t++) {
                consumers[t] = Thread.ofPlatform().start(() -> {
                    while (consumed.get() < BACKLOG) {
                        List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)
                                .visibilityTimeout(60)).messages();
                        if (!batch.isEmpty()) {
                            sqs.deleteMessageBatch(r -> r.queueUrl(queue).entries(batch.stream().map(m ->
                                    DeleteMessageBatchRequestEntry.builder().id(m.messageId())
                                            .receiptHandle(m.receiptHandle()).build()).toList()));
                            consumed.addAndGet(batch.size());
                        }
                    }
                });
            }
            for (Thread consumer : consumers) {
                consumer.join();
            }
            double perSecond = consumed.get() / ((System.nanoTime() - start) / 1e9);
            report.figure(label + "_receive_delete_per_s", perSecond, "msgs/s");
            return new double[] {send.perSecond(), perSecond};
        }
    }
}
