package com.creatorflow.shared.bulk;

import com.creatorflow.shared.bulk.domain.BulkJob;
import com.creatorflow.shared.bulk.domain.BulkOutcome;
import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.core.type.TypeReference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Bulk jobs in the BulkJobsTable. A job's items share one partition, {@code JOB#<tenant>#<jobId>}: the job
 * ({@code sk = JOB}: status and counters, updated atomically while it runs), the selection as asked
 * ({@code SEL#n}, up to 1,000 ids each) and the planned chunks ({@code CHUNK#n}: up to {@value #CHUNK_SIZE} order
 * ids, priority first, the outcomes so far and the index of the next order). A client token is its own item
 * ({@code TOKEN#<tenant>#<token>}) pointing at the job it started. Every item expires with the job's retention.
 */
public final class BulkJobStore {
    /** Orders per chunk. */
    public static final int CHUNK_SIZE = 100;
    /** Ids per stored selection page. */
    static final int SELECTION_PAGE = 1_000;
    private static final Duration RETENTION = Duration.ofDays(30);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public BulkJobStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    /**
     * What a new job is.
     *
     * @param tenantId the creator
     * @param jobId its id
     * @param action the action
     * @param reason the note for each order's audit entry
     * @param tags TAG: the tags to add
     * @param actor who asked
     * @param clientToken the caller's idempotency token, or null
     * @param filter the list filters selecting the orders, or null when ids are given
     * @param requested how many ids were given (0 with a filter)
     */
    public record NewJob(String tenantId, String jobId, String action, String reason, List<String> tags, String actor,
                         String clientToken, Map<String, String> filter, int requested) {
    }

    private static String partition(String tenantId, String jobId) {
        return "JOB#" + tenantId + "#" + jobId;
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    private static Map<String, AttributeValue> jobKey(String tenantId, String jobId) {
        return key(partition(tenantId, jobId), "JOB");
    }

    private static Map<String, AttributeValue> chunkKey(String tenantId, String jobId, int chunk) {
        return key(partition(tenantId, jobId), "CHUNK#%05d".formatted(chunk));
    }

    private AttributeValue expiry() {
        return AttributeValue.fromN(Long.toString(clock.instant().plus(RETENTION).getEpochSecond()));
    }

    /**
     * Stores a new job (PLANNING) with its selected ids; with a client token already used, stores nothing and answers
     * the job that token started.
     */
    public String create(NewJob job, List<String> orderIds) {
        Map<String, AttributeValue> item = new HashMap<>(jobKey(job.tenantId(), job.jobId()));
        item.put("tenantId", AttributeValue.fromS(job.tenantId()));
        item.put("jobId", AttributeValue.fromS(job.jobId()));
        item.put("status", AttributeValue.fromS("PLANNING"));
        item.put("action", AttributeValue.fromS(job.action()));
        item.put("reason", AttributeValue.fromS(job.reason()));
        item.put("actor", AttributeValue.fromS(job.actor()));
        item.put("tags", AttributeValue.fromS(Json.write(job.tags())));
        if (job.filter() != null) {
            item.put("filter", AttributeValue.fromS(Json.write(job.filter())));
        }
        if (job.clientToken() != null) {
            item.put("clientToken", AttributeValue.fromS(job.clientToken()));
        }
        item.put("selectionPages", AttributeValue.fromN(Integer.toString(
                (orderIds.size() + SELECTION_PAGE - 1) / SELECTION_PAGE)));
        for (String counter : List.of("total", "processed", "done", "refused", "failed", "skipped")) {
            item.put(counter, AttributeValue.fromN("0"));
        }
        item.put("createdAt", AttributeValue.fromS(clock.instant().toString()));
        item.put("expiresAt", expiry());
        for (int page = 0, from = 0; from < orderIds.size(); page++, from += SELECTION_PAGE) {
            Map<String, AttributeValue> selection = new HashMap<>(key(partition(job.tenantId(), job.jobId()),
                    "SEL#%05d".formatted(page)));
            selection.put("orderIds", AttributeValue.fromS(Json.write(orderIds.subList(from,
                    Math.min(orderIds.size(), from + SELECTION_PAGE)))));
            selection.put("expiresAt", expiry());
            dynamo.putItem(r -> r.tableName(table).item(selection));
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build());
        if (job.clientToken() != null) {
            Map<String, AttributeValue> token = new HashMap<>(tokenKey(job.tenantId(), job.clientToken()));
            token.put("jobId", AttributeValue.fromS(job.jobId()));
            token.put("expiresAt", expiry());
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(token)
                    .conditionExpression("attribute_not_exists(pk)").build()).build());
        }
        try {
            dynamo.transactWriteItems(r -> r.transactItems(writes));
            return job.jobId();
        } catch (TransactionCanceledException tokenUsed) {
            return jobOfToken(job.tenantId(), job.clientToken()).orElseThrow(() -> tokenUsed);
        }
    }

    private static Map<String, AttributeValue> tokenKey(String tenantId, String token) {
        return key("TOKEN#" + tenantId + "#" + token, "TOKEN");
    }

    /** The job a client token started, if any. */
    public Optional<String> jobOfToken(String tenantId, String token) {
        if (token == null) {
            return Optional.empty();
        }
        var item = dynamo.getItem(r -> r.tableName(table).key(tokenKey(tenantId, token)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("jobId").s());
    }

    /** The stored job, if this tenant has it. */
    public Optional<Stored> find(String tenantId, String jobId) {
        var item = dynamo.getItem(r -> r.tableName(table).key(jobKey(tenantId, jobId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(new Stored(item));
    }

    /** A stored job's item, read as the worker needs it. */
    public static final class Stored {
        private final Map<String, AttributeValue> item;

        Stored(Map<String, AttributeValue> item) {
            this.item = item;
        }

        private String s(String name) {
            AttributeValue value = item.get(name);
            return value == null ? null : value.s();
        }

        private long n(String name) {
            AttributeValue value = item.get(name);
            return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
        }

        public String tenantId() {
            return s("tenantId");
        }

        public String status() {
            return s("status");
        }

        public String action() {
            return s("action");
        }

        public String reason() {
            return s("reason");
        }

        public String actor() {
            return s("actor");
        }

        public List<String> tags() {
            return strings(s("tags"));
        }

        /** The list filters that select the orders, if the job was asked for by filter. */
        public Optional<Map<String, String>> filter() {
            return Optional.ofNullable(s("filter")).map(f -> Json.MAPPER.convertValue(Json.tree(f), new TypeReference<Map<String, String>>() { }));
        }

        /** True once the job ended. */
        public boolean finished() {
            return List.of("COMPLETED", "CANCELLED", "FAILED").contains(status());
        }

        public int selectionPages() {
            return (int) n("selectionPages");
        }

        public int chunks() {
            return (int) n("chunks");
        }

        public long total() {
            return n("total");
        }

        public long processed() {
            return n("processed");
        }

        /** The job as its creator sees it. */
        public BulkJob view() {
            return new BulkJob(s("jobId"), status(), action(), reason(), tags(), s("clientToken"), total(),
                    processed(), n("done"), n("refused"), n("failed"), n("skipped"), Instant.parse(s("createdAt")),
                    s("finishedAt") == null ? null : Instant.parse(s("finishedAt")), s("error"),
                    s("labelsKey") != null);
        }

        /** PRINT_LABELS: the merged PDF's object key, once made. */
        public Optional<String> labelsKey() {
            return Optional.ofNullable(s("labelsKey"));
        }
    }

    /** The ids a job was asked for, in the order given. */
    public List<String> selection(String tenantId, String jobId, int pages) {
        List<String> ids = new ArrayList<>();
        for (int page = 0; page < pages; page++) {
            Map<String, AttributeValue> selectionKey = key(partition(tenantId, jobId), "SEL#%05d".formatted(page));
            var item = dynamo.getItem(r -> r.tableName(table).consistentRead(true).key(selectionKey)).item();
            ids.addAll(strings(item.get("orderIds").s()));
        }
        return ids;
    }

    /** Writes one planned chunk; a chunk stored before is left as it is. */
    public void putChunk(String tenantId, String jobId, int chunk, List<String> orderIds) {
        Map<String, AttributeValue> item = new HashMap<>(chunkKey(tenantId, jobId, chunk));
        item.put("orderIds", AttributeValue.fromL(orderIds.stream().map(AttributeValue::fromS).toList()));
        item.put("results", AttributeValue.fromL(List.of()));
        item.put("next", AttributeValue.fromN("0"));
        item.put("expiresAt", expiry());
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException plannedBefore) {
            // a re-delivered plan: the chunk and whatever it recorded stay as they are
        }
    }

    /** Marks a job planned: RUNNING with its total and chunk count. False when it is no longer PLANNING. */
    public boolean planned(String tenantId, String jobId, long total, int chunks) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(jobKey(tenantId, jobId))
                    .conditionExpression("#s = :planning")
                    .updateExpression("SET #s = :running, #total = :total, #chunks = :chunks")
                    .expressionAttributeNames(Map.of("#s", "status", "#total", "total", "#chunks", "chunks"))
                    .expressionAttributeValues(Map.of(":planning", AttributeValue.fromS("PLANNING"),
                            ":running", AttributeValue.fromS("RUNNING"),
                            ":total", AttributeValue.fromN(Long.toString(total)),
                            ":chunks", AttributeValue.fromN(Integer.toString(chunks)))));
            return true;
        } catch (ConditionalCheckFailedException notPlanning) {
            return false;
        }
    }

    /**
     * A chunk as stored.
     *
     * @param orderIds its orders, priority first
     * @param next the index of the first order without an outcome
     */
    public record Chunk(List<String> orderIds, int next) {
    }

    /** A planned chunk. */
    public Chunk chunk(String tenantId, String jobId, int chunk) {
        var item = dynamo.getItem(r -> r.tableName(table).key(chunkKey(tenantId, jobId, chunk))
                .consistentRead(true).projectionExpression("orderIds, #n")
                .expressionAttributeNames(Map.of("#n", "next"))).item();
        return new Chunk(item.get("orderIds").l().stream().map(AttributeValue::s).toList(),
                Integer.parseInt(item.get("next").n()));
    }

    /**
     * Records the outcomes of a chunk's orders from {@code from} on and adds them to the job's counters, in one
     * transaction; false (nothing written) when another delivery of the same chunk recorded them first.
     */
    public boolean record(String tenantId, String jobId, int chunk, int from, List<BulkOutcome> outcomes) {
        Map<String, Long> counts = new HashMap<>(Map.of("DONE", 0L, "REFUSED", 0L, "FAILED", 0L, "SKIPPED", 0L));
        outcomes.forEach(o -> counts.merge(o.outcome(), 1L, Long::sum));
        List<AttributeValue> results = outcomes.stream().map(BulkJobStore::toItem).toList();
        Update chunkUpdate = Update.builder().tableName(table).key(chunkKey(tenantId, jobId, chunk))
                .conditionExpression("#n = :from")
                .updateExpression("SET #r = list_append(#r, :results), #n = :to")
                .expressionAttributeNames(Map.of("#n", "next", "#r", "results"))
                .expressionAttributeValues(Map.of(":from", AttributeValue.fromN(Integer.toString(from)),
                        ":to", AttributeValue.fromN(Integer.toString(from + outcomes.size())),
                        ":results", AttributeValue.fromL(results)))
                .build();
        Update counters = Update.builder().tableName(table).key(jobKey(tenantId, jobId))
                .updateExpression("ADD #p :p, #d :d, #r :r, #f :f, #s :s SET updatedAt = :now")
                .expressionAttributeNames(Map.of("#p", "processed", "#d", "done", "#r", "refused", "#f", "failed",
                        "#s", "skipped"))
                .expressionAttributeValues(Map.of(":p", number(outcomes.size()), ":d", number(counts.get("DONE")),
                        ":r", number(counts.get("REFUSED")), ":f", number(counts.get("FAILED")),
                        ":s", number(counts.get("SKIPPED")), ":now", AttributeValue.fromS(clock.instant().toString())))
                .build();
        try {
            dynamo.transactWriteItems(r -> r.transactItems(TransactWriteItem.builder().update(chunkUpdate).build(),
                    TransactWriteItem.builder().update(counters).build()));
            return true;
        } catch (TransactionCanceledException raced) {
            return false;
        }
    }

    private static List<String> strings(String json) {
        List<String> out = new ArrayList<>();
        Json.tree(json).forEach(node -> out.add(node.asText()));
        return out;
    }

    private static AttributeValue number(long n) {
        return AttributeValue.fromN(Long.toString(n));
    }

    private static AttributeValue toItem(BulkOutcome outcome) {
        Map<String, AttributeValue> map = new HashMap<>();
        map.put("orderId", AttributeValue.fromS(outcome.orderId()));
        map.put("outcome", AttributeValue.fromS(outcome.outcome()));
        if (outcome.error() != null) {
            map.put("error", AttributeValue.fromS(outcome.error()));
        }
        if (outcome.reason() != null) {
            map.put("reason", AttributeValue.fromS(outcome.reason()));
        }
        return AttributeValue.fromM(map);
    }

    private static BulkOutcome fromItem(AttributeValue value) {
        Map<String, AttributeValue> map = value.m();
        return new BulkOutcome(map.get("orderId").s(), map.get("outcome").s(),
                map.containsKey("error") ? map.get("error").s() : null,
                map.containsKey("reason") ? map.get("reason").s() : null);
    }

    /** Every outcome so far, chunk by chunk (priority first), handed on one at a time. */
    public void results(String tenantId, String jobId, Consumer<BulkOutcome> each) {
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(r -> r.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :chunk)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(partition(tenantId, jobId)),
                            ":chunk", AttributeValue.fromS("CHUNK#")))
                    .projectionExpression("#r").expressionAttributeNames(Map.of("#r", "results"))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> item.get("results").l().forEach(v -> each.accept(fromItem(v))));
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    /** Asks a planning or running job to stop; false when it is not (any more) running. */
    public boolean requestCancel(String tenantId, String jobId) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(jobKey(tenantId, jobId))
                    .conditionExpression("#s IN (:planning, :running)")
                    .updateExpression("SET #s = :cancelling")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":planning", AttributeValue.fromS("PLANNING"),
                            ":running", AttributeValue.fromS("RUNNING"),
                            ":cancelling", AttributeValue.fromS("CANCELLING"))));
            return true;
        } catch (ConditionalCheckFailedException notRunning) {
            return false;
        }
    }

    /**
     * Ends a job that has not ended: COMPLETED, CANCELLED or FAILED (with the error), with the merged labels' key
     * when there is one. False when it had ended already.
     */
    public boolean finish(String tenantId, String jobId, String status, String error, String labelsKey) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":status", AttributeValue.fromS(status),
                ":now", AttributeValue.fromS(clock.instant().toString()),
                ":planning", AttributeValue.fromS("PLANNING"), ":running", AttributeValue.fromS("RUNNING"),
                ":cancelling", AttributeValue.fromS("CANCELLING")));
        StringBuilder set = new StringBuilder("SET #s = :status, finishedAt = :now");
        if (error != null) {
            set.append(", #e = :error");
            values.put(":error", AttributeValue.fromS(error));
        }
        if (labelsKey != null) {
            set.append(", labelsKey = :labels");
            values.put(":labels", AttributeValue.fromS(labelsKey));
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(jobKey(tenantId, jobId))
                    .conditionExpression("#s IN (:planning, :running, :cancelling)")
                    .updateExpression(set.toString())
                    .expressionAttributeNames(error != null ? Map.of("#s", "status", "#e", "error")
                            : Map.of("#s", "status"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException ended) {
            return false;
        }
    }
}
