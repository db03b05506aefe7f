package com.creatorflow.local.runtime;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * The local SQS event source mapping: pollers receive batches from the queue, invoke the function with an
 * {@link SQSEvent}, and delete what succeeded. With {@code ReportBatchItemFailures} only the reported items stay on
 * the queue; a thrown error leaves the whole batch. What stays becomes visible again after the visibility timeout and
 * moves to the dead-letter queue after the queue's maxReceiveCount, as in AWS. With {@code
 * MaximumBatchingWindowInSeconds} a poller gathers messages for up to that long to fill a batch, which may then be
 * larger than one receive's 10 messages (up to {@value #MAX_BATCH_SIZE}, as Lambda takes). Like a mapping's
 * {@code Enabled} flag, {@link #setEnabled} pauses and resumes polling; messages wait on the queue meanwhile.
 */
public final class SqsEventSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SqsEventSource.class);
    /** The most messages one SQS receive or batch delete takes. */
    private static final int SQS_BATCH = 10;
    /** The largest batch an SQS event source mapping takes (with a batching window; 10 without). */
    static final int MAX_BATCH_SIZE = 10_000;
    /** How long a waiting poller of an empty queue sleeps before it looks again on its own. */
    private static final long IDLE_RECHECK_MILLIS = 10_000;

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final LocalFunction function;
    private final int batchSize;
    private final boolean reportsItemFailures;
    private final ExecutorService pollers;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean enabled = new AtomicBoolean(true);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final long batchingWindowMillis;
    private final Object emptyMonitor = new Object();
    /** Whether the last receive found the queue empty. */
    private volatile boolean empty;

    /**
     * @param concurrency parallel pollers (Lambda scales these with the backlog)
     */
    public SqsEventSource(SqsClient sqs, String queueUrl, String queueArn, LocalFunction function, int batchSize,
                          boolean reportsItemFailures, int concurrency) {
        this(sqs, queueUrl, queueArn, function, batchSize, reportsItemFailures, concurrency, 0);
    }

    /**
     * @param concurrency parallel pollers (Lambda scales these with the backlog)
     * @param batchingWindowSeconds {@code MaximumBatchingWindowInSeconds}: how long a poller may gather messages
     *     before it invokes with fewer than a full batch (0 = invoke with what the first receive returns)
     */
    public SqsEventSource(SqsClient sqs, String queueUrl, String queueArn, LocalFunction function, int batchSize,
                          boolean reportsItemFailures, int concurrency, int batchingWindowSeconds) {
        this.batchingWindowMillis = Math.max(0, batchingWindowSeconds) * 1000L;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.function = function;
        this.batchSize = Math.max(1, Math.min(batchingWindowMillis > 0 ? MAX_BATCH_SIZE : SQS_BATCH, batchSize));
        this.reportsItemFailures = reportsItemFailures;
        this.pollers = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "sqs-" + function.name());
            thread.setDaemon(true);
            return thread;
        });
        for (int i = 0; i < concurrency; i++) {
            boolean lead = i == 0;
            pollers.submit(() -> poll(lead));
        }
    }

    /**
     * Pauses (false) or resumes (true) polling, as updating the mapping's {@code Enabled} does in AWS. Pausing waits
     * (10 s at most) for a receive and delivery in flight, so no message is taken once it returns.
     */
    public void setEnabled(boolean enabled) {
        this.enabled.set(enabled);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!enabled && inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The function this mapping invokes. */
    public String functionName() {
        return function.name();
    }

    /**
     * A poller's loop. While the queue is empty only the lead poller receives; the others wait until a receive
     * finds messages (or {@link #IDLE_RECHECK_MILLIS} passes), as Lambda scales an idle mapping's pollers down.
     */
    private void poll(boolean lead) {
        while (running.get()) {
            if (!lead && empty) {
                awaitMessages();
            } else if (!pollOnce()) {
                pause(500);
            }
        }
    }

    private void awaitMessages() {
        synchronized (emptyMonitor) {
            try {
                if (empty && running.get()) {
                    emptyMonitor.wait(IDLE_RECHECK_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Records what a receive found; the first messages after an empty spell wake the waiting pollers. */
    private void found(boolean messages) {
        boolean nowEmpty = !messages;
        if (empty == nowEmpty) {
            return;
        }
        synchronized (emptyMonitor) {
            empty = nowEmpty;
            if (messages) {
                emptyMonitor.notifyAll();
            }
        }
    }

    /** One receive and its delivery while enabled; false when paused or failed (the caller waits a moment). */
    private boolean pollOnce() {
        inFlight.incrementAndGet();
        try {
            if (!enabled.get()) {
                return false;
            }
            ReceiveMessageResponse received = sqs.receiveMessage(r -> r.queueUrl(queueUrl)
                    .maxNumberOfMessages(Math.min(SQS_BATCH, batchSize)).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All"));
            boolean got = received.hasMessages() && !received.messages().isEmpty();
            found(got);
            if (got) {
                deliver(fillBatch(new ArrayList<>(received.messages())));
            }
            return true;
        } catch (RuntimeException e) {
            if (running.get()) {
                LOG.warn("polling {} for {} failed: {}", queueUrl, function.name(), e.toString());
            }
            return false;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /**
     * Within the batching window, keeps receiving until the batch is full or the window closes, as Lambda does. A
     * receive that drained the queue is followed by a pause of up to a second, so a slow trickle of messages costs
     * a receive per second rather than one per message.
     */
    private List<Message> fillBatch(List<Message> batch) {
        long deadline = System.currentTimeMillis() + batchingWindowMillis;
        boolean drained = batch.size() < SQS_BATCH;
        while (batch.size() < batchSize && System.currentTimeMillis() < deadline && running.get()) {
            if (drained && !pause(Math.min(1_000, deadline - System.currentTimeMillis()))) {
                break;
            }
            int wanted = Math.min(SQS_BATCH, batchSize - batch.size());
            List<Message> more = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(wanted)
                    .waitTimeSeconds(1).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            batch.addAll(more);
            drained = more.size() < wanted;
        }
        return batch;
    }

    /** Sleeps; false when interrupted. */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void deliver(List<Message> messages) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            Map<String, String> attributes = new HashMap<>();
            message.attributesAsStrings().forEach(attributes::put);
            record.setAttributes(attributes);
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
            message.messageAttributes().forEach((name, value) -> {
                SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
                attribute.setDataType(value.dataType());
                attribute.setStringValue(value.stringValue());
                messageAttributes.put(name, attribute);
            });
            record.setMessageAttributes(messageAttributes);
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion("us-east-1");
            records.add(record);
        }
        event.setRecords(records);
        Set<String> failed = new HashSet<>();
        try {
            Object result = function.invoke(event);
            if (reportsItemFailures && result instanceof SQSBatchResponse response
                    && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
            }
        } catch (RuntimeException e) {
            LOG.warn("{} failed a batch of {}; it stays on the queue: {}", function.name(), messages.size(),
                    e.toString());
            return;
        }
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message message : messages) {
            if (!failed.contains(message.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(done.size()))
                        .receiptHandle(message.receiptHandle()).build());
            }
        }
        for (int i = 0; i < done.size(); i += SQS_BATCH) {
            List<DeleteMessageBatchRequestEntry> chunk = done.subList(i, Math.min(done.size(), i + SQS_BATCH));
            sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(chunk));
        }
    }

    @Override
    public void close() {
        running.set(false);
        synchronized (emptyMonitor) {
            emptyMonitor.notifyAll();
        }
        pollers.shutdown();
        try {
            pollers.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pollers.shutdownNow();
    }
}
