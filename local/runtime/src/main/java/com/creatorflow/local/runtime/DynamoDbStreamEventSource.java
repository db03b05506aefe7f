package com.creatorflow.local.runtime;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.shared.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local DynamoDB stream event source mapping: one poller reads the table's stream (Dynoxide implements DynamoDB
 * Streams) shard by shard and invokes the function with Lambda's {@link DynamodbEvent}, in order. Progress is
 * checkpointed only after the function succeeded, durably when the runtime keeps data, so a crash repeats records
 * rather than losing them. With {@code ReportBatchItemFailures} a batch is retried from the first reported record;
 * a thrown error retries the whole batch. After {@code MaximumRetryAttempts} the batch's description goes to the
 * OnFailure queue (as AWS sends it: shard, first and last sequence numbers) and the source moves past it.
 */
public final class DynamoDbStreamEventSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbStreamEventSource.class);
    /** The pause after a pass that found nothing: Lambda polls a stream's shards four times a second. */
    private static final Duration IDLE_POLL = Duration.ofMillis(250);
    private static final Duration SHARD_REFRESH = Duration.ofSeconds(10);

    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient streams;
    private final SqsClient sqs;
    private final Settings settings;
    private final LocalFunction function;
    private final StreamCheckpoints checkpoints;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final Thread poller;
    private String streamArn;
    private List<String> shardIds = List.of();
    private long shardsRefreshAt;

    /**
     * What the template says about the mapping.
     *
     * @param tableName the table whose stream is read
     * @param eventSourceArn the stream ARN as the template names it (put on each record)
     * @param startingPosition TRIM_HORIZON or LATEST, for shards without a checkpoint
     * @param batchSize most records per invocation
     * @param reportsItemFailures whether the function reports the first failed record
     * @param maximumRetryAttempts retries of a failing batch before it is given up (-1: until it succeeds)
     * @param onFailureQueueUrl where given-up batches are described, or null
     */
    public record Settings(String tableName, String eventSourceArn, String startingPosition, int batchSize,
                           boolean reportsItemFailures, int maximumRetryAttempts, String onFailureQueueUrl) {
    }

    DynamoDbStreamEventSource(DynamoDbClient dynamo, DynamoDbStreamsClient streams, SqsClient sqs, Settings settings,
                              LocalFunction function, StreamCheckpoints checkpoints) {
        this.dynamo = dynamo;
        this.streams = streams;
        this.sqs = sqs;
        this.settings = settings;
        this.function = function;
        this.checkpoints = checkpoints;
        this.poller = new Thread(this::run, "ddb-stream-" + function.name());
        this.poller.setDaemon(true);
        this.poller.start();
    }

    private void run() {
        int failures = 0;
        while (running.get()) {
            try {
                boolean progressed = pollOnce();
                failures = 0;
                if (!progressed) {
                    pause(IDLE_POLL.toMillis());
                }
            } catch (RuntimeException e) {
                if (!running.get()) {
                    return;
                }
                failures++;
                LOG.warn("reading the stream of {} for {} failed: {}", settings.tableName(), function.name(),
                        e.toString());
                iterators.clear();
                streamArn = null;
                pause(Math.min(5_000, 100L << Math.min(6, failures)));
            }
        }
    }

    /** One pass over the shards; true when some records were handled. */
    private boolean pollOnce() {
        if (streamArn == null || shardIds.isEmpty() || System.nanoTime() > shardsRefreshAt) {
            refreshShards();
        }
        boolean progressed = false;
        for (String shardId : shardIds) {
            progressed |= pollShard(streamArn, shardId);
        }
        return progressed;
    }

    /** Looks up the stream and its shards again (a few times a minute, not on every poll). */
    private void refreshShards() {
        streamArn = dynamo.describeTable(r -> r.tableName(settings.tableName())).table().latestStreamArn();
        shardIds = List.of();
        if (streamArn != null) {
            List<Shard> shards = new ArrayList<>(streams.describeStream(r -> r.streamArn(streamArn))
                    .streamDescription().shards());
            shards.sort(Comparator.comparing(Shard::shardId));
            shardIds = shards.stream().map(Shard::shardId).toList();
        }
        shardsRefreshAt = System.nanoTime() + SHARD_REFRESH.toNanos();
    }

    private boolean pollShard(String streamArn, String shardId) {
        String key = function.name() + "|" + settings.tableName() + "|" + shardId;
        String iterator = iterators.get(key);
        if (iterator == null) {
            iterator = iteratorAfterCheckpoint(streamArn, shardId, key);
        }
        GetRecordsResponse page;
        try {
            String current = iterator;
            page = streams.getRecords(r -> r.shardIterator(current).limit(settings.batchSize()));
        } catch (ExpiredIteratorException e) {
            iterators.remove(key);
            return false;
        }
        List<Record> records = page.records();
        if (records.isEmpty()) {
            if (page.nextShardIterator() != null) {
                iterators.put(key, page.nextShardIterator());
            }
            return false;
        }
        deliver(streamArn, shardId, key, records);
        return true;
    }

    private String iteratorAfterCheckpoint(String streamArn, String shardId, String key) {
        String last = checkpoints.get(key);
        String iterator = last != null
                ? streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shardId)
                        .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(last))
                        .shardIterator()
                : streams.getShardIterator(r -> r.streamArn(streamArn).shardId(shardId)
                        .shardIteratorType(ShardIteratorType.fromValue(settings.startingPosition())))
                        .shardIterator();
        iterators.put(key, iterator);
        return iterator;
    }

    /** Invokes until the batch is done or given up; then the next poll continues after the checkpoint. */
    private void deliver(String streamArn, String shardId, String key, List<Record> batch) {
        List<Record> pending = batch;
        for (int attempt = 1; running.get(); attempt++) {
            String retryFrom = invoke(pending);
            if (retryFrom == null) {
                checkpoints.put(key, last(batch));
                break;
            }
            int from = indexOf(pending, retryFrom);
            if (from > 0) {
                checkpoints.put(key, pending.get(from - 1).dynamodb().sequenceNumber());
            }
            pending = pending.subList(Math.max(0, from), pending.size());
            if (settings.maximumRetryAttempts() >= 0 && attempt > settings.maximumRetryAttempts()) {
                giveUp(streamArn, shardId, pending, attempt);
                checkpoints.put(key, last(batch));
                break;
            }
            pause(Math.min(5_000, 100L << Math.min(6, attempt)));
        }
        iterators.remove(key);
    }

    /** Invokes the function; null when the whole batch succeeded, else the sequence number to retry from. */
    private String invoke(List<Record> records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(new ArrayList<>(StreamRecords.toLambda(records, settings.eventSourceArn(),
                LocalClients.REGION)));
        try {
            Object result = function.invoke(event);
            if (settings.reportsItemFailures() && result instanceof StreamsEventResponse response
                    && response.getBatchItemFailures() != null && !response.getBatchItemFailures().isEmpty()) {
                return response.getBatchItemFailures().stream()
                        .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                        .min(Comparator.comparing(id -> indexOf(records, id))).orElse(null);
            }
            return null;
        } catch (RuntimeException e) {
            LOG.warn("{} failed a stream batch of {}: {}", function.name(), records.size(), e.toString());
            return records.get(0).dynamodb().sequenceNumber();
        }
    }

    private void giveUp(String streamArn, String shardId, List<Record> records, int attempts) {
        LOG.error("{} gave up on {} stream records of {} after {} attempts", function.name(), records.size(),
                settings.tableName(), attempts);
        if (settings.onFailureQueueUrl() == null) {
            return;
        }
        Map<String, Object> batchInfo = new LinkedHashMap<>();
        batchInfo.put("shardId", shardId);
        batchInfo.put("startSequenceNumber", records.get(0).dynamodb().sequenceNumber());
        batchInfo.put("endSequenceNumber", last(records));
        batchInfo.put("approximateArrivalOfFirstRecord",
                String.valueOf(records.get(0).dynamodb().approximateCreationDateTime()));
        batchInfo.put("approximateArrivalOfLastRecord",
                String.valueOf(records.get(records.size() - 1).dynamodb().approximateCreationDateTime()));
        batchInfo.put("batchSize", records.size());
        batchInfo.put("streamArn", streamArn);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("requestContext", Map.of("requestId", UUID.randomUUID().toString(),
                "functionArn", function.name(), "condition", "RetryAttemptsExhausted",
                "approximateInvokeCount", attempts));
        message.put("responseContext", Map.of("statusCode", 200, "executedVersion", "$LATEST",
                "functionError", "Unhandled"));
        message.put("version", "1.0");
        message.put("timestamp", Instant.now().toString());
        message.put("DDBStreamBatchInfo", batchInfo);
        sqs.sendMessage(r -> r.queueUrl(settings.onFailureQueueUrl()).messageBody(Json.write(message)));
    }

    private static int indexOf(List<Record> records, String sequenceNumber) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).dynamodb().sequenceNumber().equals(sequenceNumber)) {
                return i;
            }
        }
        return 0;
    }

    private static String last(List<Record> records) {
        return records.get(records.size() - 1).dynamodb().sequenceNumber();
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    @Override
    public void close() {
        running.set(false);
        poller.interrupt();
        try {
            poller.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
