package com.creatorflow.bench.chaos;

import com.creatorflow.bench.Queues;
import com.creatorflow.local.simulators.carriers.EasyPostSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Waits, with a deadline, until the runtime has nothing left to do: the order-sync and analytics queues empty, no
 * webhook waiting
 * for a retry and, for a while, no change anywhere (orders and their versions, the audit trail, inventory and analytics items, messages in any queue,
 * calls to the simulators, webhooks sent). Executions that wait (TikTok's hold hour) do not count as activity.
 */
final class Settling {
    private static final Duration POLL = Duration.ofSeconds(1);
    /** Queues whose messages are work still to do (analytics gathers its events for a batching window). */
    private static final List<String> WORK_QUEUES = List.of("OrderSyncQueue", "AnalyticsEventsQueue");

    private Settling() {
    }

    /**
     * How the wait ended.
     *
     * @param quiet true when quiet for the asked time before the deadline
     * @param busy when not quiet: what still changed or waited in the last poll (e.g. {@code audit 812 -> 815})
     */
    record Outcome(boolean quiet, String busy) {
    }

    /** Waits until quiet for {@code quietFor}, at most {@code patience}. */
    static Outcome await(RuntimeProcess runtime, Simulators world, Duration quietFor, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        Map<String, Long> last = null;
        String busy = "nothing polled";
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            Map<String, Long> now = fingerprint(runtime, world);
            List<String> changes = new ArrayList<>();
            if (last != null) {
                Map<String, Long> before = last;
                now.forEach((part, value) -> {
                    if (!value.equals(before.get(part))) {
                        changes.add(part + " " + before.get(part) + " -> " + value);
                    }
                });
            }
            for (String queue : WORK_QUEUES) {
                long backlog = Queues.backlog(runtime.aws().sqs(), runtime.resolver().queueUrl(queue));
                if (backlog > 0) {
                    changes.add(queue + " messages " + backlog);
                }
            }
            long webhooksPending = world.tiktok().webhooks().stats().pending();
            if (webhooksPending > 0) {
                changes.add("webhooks waiting for a retry " + webhooksPending);
            }
            if (last == null || !changes.isEmpty()) {
                busy = changes.isEmpty() ? "first poll" : String.join(", ", changes);
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= quietFor.toNanos()) {
                return new Outcome(true, null);
            }
            Thread.sleep(POLL.toMillis());
        }
        return new Outcome(false, busy);
    }

    private static Map<String, Long> fingerprint(RuntimeProcess runtime, Simulators world) {
        DynamoDbClient dynamo = runtime.aws().dynamo();
        Map<String, Long> parts = new LinkedHashMap<>();
        parts.put("order versions", sumOfVersions(dynamo, runtime.resolver().physicalName("OrdersTable")));
        for (String table : List.of("AuditLogTable", "InventoryTable", "AnalyticsTable")) {
            parts.put(table, count(dynamo, runtime.resolver().physicalName(table)));
        }
        SqsClient sqs = runtime.aws().sqs();
        for (String queue : sqs.listQueues().queueUrls()) {
            parts.put("queue " + queue.substring(queue.lastIndexOf('/') + 1), Queues.backlog(sqs, queue));
        }
        Map<String, Object> stats = world.tiktok().stats();
        ((Map<?, ?>) stats.get("apiCalls")).forEach((api, calls) -> parts.put("tiktok " + api, (Long) calls));
        parts.put("webhooks sent", world.tiktok().webhooks().stats().sent());
        parts.put("label purchases", world.carriers().labelPurchases().values().stream()
                .mapToLong(EasyPostSimulator.LabelPurchases::calls).sum());
        return parts;
    }

    private static long sumOfVersions(DynamoDbClient dynamo, String table) {
        return scan(dynamo, ScanRequest.builder().tableName(table).projectionExpression("version"), page ->
                page.count() + page.items().stream().filter(item -> item.containsKey("version"))
                        .mapToLong(item -> Long.parseLong(item.get("version").n())).sum());
    }

    private static long count(DynamoDbClient dynamo, String table) {
        return scan(dynamo, ScanRequest.builder().tableName(table).select(Select.COUNT), ScanResponse::count);
    }

    /** Scans a whole table, page by page, adding up what each page is worth. */
    private static long scan(DynamoDbClient dynamo, ScanRequest.Builder request, ToLongFunction<ScanResponse> worth) {
        long total = 0;
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = dynamo.scan(request.exclusiveStartKey(start).build());
            total += worth.applyAsLong(page);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return total;
    }
}
