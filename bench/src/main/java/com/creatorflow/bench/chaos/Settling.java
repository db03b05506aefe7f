package com.creatorflow.bench.chaos;

import com.creatorflow.local.simulators.carriers.CarrierSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Waits, with a deadline, until the runtime has nothing left to do: the order-sync queue empty, no webhook waiting
 * for a retry and, for a while, no change anywhere (orders and their versions, the audit trail, inventory and analytics items, messages in any queue,
 * calls to the simulators, webhooks sent). Executions that wait (TikTok's hold hour) do not count as activity.
 */
final class Settling {
    private static final Duration POLL = Duration.ofSeconds(1);

    private Settling() {
    }

    /** True when quiet for {@code quietFor} before the deadline; false when the deadline came first. */
    static boolean await(RuntimeProcess runtime, Simulators world, Duration quietFor, Duration patience)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        List<Long> last = null;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            List<Long> now = fingerprint(runtime, world);
            boolean idle = backlog(runtime.aws().sqs(), runtime.resolver().queueUrl("OrderSyncQueue")) == 0
                    && world.tiktok().webhooks().stats().pending() == 0;
            if (!now.equals(last) || !idle) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= quietFor.toNanos()) {
                return true;
            }
            Thread.sleep(POLL.toMillis());
        }
        return false;
    }

    private static List<Long> fingerprint(RuntimeProcess runtime, Simulators world) {
        DynamoDbClient dynamo = runtime.aws().dynamo();
        List<Long> parts = new ArrayList<>();
        parts.add(sumOfVersions(dynamo, runtime.resolver().physicalName("OrdersTable")));
        for (String table : List.of("AuditLogTable", "InventoryTable", "AnalyticsTable")) {
            parts.add(count(dynamo, runtime.resolver().physicalName(table)));
        }
        SqsClient sqs = runtime.aws().sqs();
        long messages = 0;
        for (String queue : sqs.listQueues().queueUrls()) {
            messages += backlog(sqs, queue);
        }
        parts.add(messages);
        Map<String, Object> stats = world.tiktok().stats();
        parts.add(((Map<?, ?>) stats.get("apiCalls")).values().stream().mapToLong(v -> (Long) v).sum());
        parts.add(world.tiktok().webhooks().stats().sent());
        parts.add(world.carriers().labelPurchases().values().stream().mapToLong(CarrierSimulator.LabelPurchases::calls)
                .sum());
        return parts;
    }

    private static long sumOfVersions(DynamoDbClient dynamo, String table) {
        return scan(dynamo, ScanRequest.builder().tableName(table).projectionExpression("version"), page ->
                page.count() + page.items().stream().mapToLong(item -> Long.parseLong(item.get("version").n())).sum());
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

    /** Messages in a queue: visible, in flight and delayed. */
    static long backlog(SqsClient sqs, String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes().values().stream().mapToLong(Long::parseLong).sum();
    }
}
