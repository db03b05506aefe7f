package com.creatorflow.bench;

import com.creatorflow.local.runtime.LocalFunction;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.sfn.model.SfnRequest;
import software.amazon.awssdk.services.sqs.model.SqsRequest;

/**
 * Counts the AWS requests of the benchmark JVM by caller: the template function whose handler made the call
 * ({@link LocalFunction#running()}), else the kind of thread (the Step Functions engine's service integrations, the
 * SQS and stream pollers, the benchmark itself). DynamoDB calls are asked for their consumed capacity (Dynoxide
 * computes it by DynamoDB's rules: 1 KB write units, 4 KB read units, transactions at twice the units, index
 * updates included), which prices them at on-demand rates. Registered through the SDK's global interceptor file
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors}); benchmarks only, never in functions.
 */
public final class AwsUsage implements ExecutionInterceptor {
    private static final Map<String, Counters> BY_CALLER = new ConcurrentHashMap<>();

    /**
     * What one caller used.
     *
     * @param writeRequests DynamoDB write calls (PutItem, UpdateItem, DeleteItem, TransactWriteItems, BatchWriteItem)
     * @param itemsWritten items those calls wrote (a transaction of three items writes three)
     * @param failedWrites write calls refused (condition failed, transaction cancelled)
     * @param writeUnits write request units of the calls that succeeded
     * @param readRequests DynamoDB read calls (GetItem, Query, BatchGetItem, TransactGetItems)
     * @param readUnits read request units
     * @param sqsRequests SQS calls (send, receive, delete, change visibility, attributes)
     * @param events EventBridge entries put
     * @param sfnRequests Step Functions API calls (start execution, task tokens)
     */
    public record Usage(long writeRequests, long itemsWritten, long failedWrites, double writeUnits, long readRequests,
                        double readUnits, long sqsRequests, long events, long sfnRequests) {
        static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0, 0, 0, 0);

        /** This minus an earlier reading. */
        public Usage minus(Usage earlier) {
            return new Usage(writeRequests - earlier.writeRequests, itemsWritten - earlier.itemsWritten,
                    failedWrites - earlier.failedWrites, writeUnits - earlier.writeUnits,
                    readRequests - earlier.readRequests, readUnits - earlier.readUnits,
                    sqsRequests - earlier.sqsRequests, events - earlier.events, sfnRequests - earlier.sfnRequests);
        }

        /** The sum of two. */
        public Usage plus(Usage other) {
            return new Usage(writeRequests + other.writeRequests, itemsWritten + other.itemsWritten,
                    failedWrites + other.failedWrites, writeUnits + other.writeUnits,
                    readRequests + other.readRequests, readUnits + other.readUnits,
                    sqsRequests + other.sqsRequests, events + other.events, sfnRequests + other.sfnRequests);
        }
    }

    private static final class Counters {
        final LongAdder writeRequests = new LongAdder();
        final LongAdder itemsWritten = new LongAdder();
        final LongAdder failedWrites = new LongAdder();
        final DoubleAdder writeUnits = new DoubleAdder();
        final LongAdder readRequests = new LongAdder();
        final DoubleAdder readUnits = new DoubleAdder();
        final LongAdder sqsRequests = new LongAdder();
        final LongAdder events = new LongAdder();
        final LongAdder sfnRequests = new LongAdder();

        Usage read() {
            return new Usage(writeRequests.sum(), itemsWritten.sum(), failedWrites.sum(), writeUnits.sum(),
                    readRequests.sum(), readUnits.sum(), sqsRequests.sum(), events.sum(), sfnRequests.sum());
        }
    }

    /** The benchmark's own calls that observe the system (not part of its work), which are not counted. */
    private static final ThreadLocal<Boolean> OBSERVING = ThreadLocal.withInitial(() -> false);

    /** Runs a call of the benchmark's own (a queue's depth, say) without counting it as the system's usage. */
    public static <T> T uncounted(java.util.function.Supplier<T> call) {
        OBSERVING.set(true);
        try {
            return call.get();
        } finally {
            OBSERVING.set(false);
        }
    }

    /** Usage so far by caller (function name, or a thread kind such as {@code sfn-worker}). */
    public static Map<String, Usage> snapshot() {
        Map<String, Usage> out = new TreeMap<>();
        BY_CALLER.forEach((caller, counters) -> out.put(caller, counters.read()));
        return out;
    }

    /** Usage between two snapshots, by caller (callers with no change left out). */
    public static Map<String, Usage> between(Map<String, Usage> before, Map<String, Usage> after) {
        Map<String, Usage> out = new TreeMap<>();
        after.forEach((caller, usage) -> {
            Usage delta = usage.minus(before.getOrDefault(caller, Usage.NONE));
            if (!delta.equals(Usage.NONE)) {
                out.put(caller, delta);
            }
        });
        return out;
    }

    /** The total of a by-caller map. */
    public static Usage total(Map<String, Usage> byCaller) {
        return byCaller.values().stream().reduce(Usage.NONE, Usage::plus);
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        if (request instanceof PutItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof UpdateItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof DeleteItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof TransactWriteItemsRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof BatchWriteItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof GetItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof QueryRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof BatchGetItemRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        } else if (request instanceof TransactGetItemsRequest r && r.returnConsumedCapacity() == null) {
            return r.toBuilder().returnConsumedCapacity(total).build();
        }
        return request;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (OBSERVING.get()) {
            return;
        }
        SdkRequest request = context.request();
        Counters counters = BY_CALLER.computeIfAbsent(caller(), k -> new Counters());
        if (request instanceof PutItemRequest || request instanceof UpdateItemRequest
                || request instanceof DeleteItemRequest) {
            counters.writeRequests.increment();
            counters.itemsWritten.increment();
        } else if (request instanceof TransactWriteItemsRequest r) {
            counters.writeRequests.increment();
            counters.itemsWritten.add(r.transactItems().size());
        } else if (request instanceof BatchWriteItemRequest r) {
            counters.writeRequests.increment();
            counters.itemsWritten.add(r.requestItems().values().stream().mapToInt(java.util.List::size).sum());
        } else if (request instanceof GetItemRequest || request instanceof QueryRequest
                || request instanceof BatchGetItemRequest || request instanceof TransactGetItemsRequest) {
            counters.readRequests.increment();
        } else if (request instanceof SqsRequest) {
            counters.sqsRequests.increment();
        } else if (request instanceof PutEventsRequest r) {
            counters.events.add(r.entries().size());
        } else if (request instanceof SfnRequest) {
            counters.sfnRequests.increment();
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (OBSERVING.get()) {
            return;
        }
        SdkResponse response = context.response();
        Counters counters = BY_CALLER.computeIfAbsent(caller(), k -> new Counters());
        if (response instanceof PutItemResponse r) {
            counters.writeUnits.add(units(r.consumedCapacity()));
        } else if (response instanceof UpdateItemResponse r) {
            counters.writeUnits.add(units(r.consumedCapacity()));
        } else if (response instanceof DeleteItemResponse r) {
            counters.writeUnits.add(units(r.consumedCapacity()));
        } else if (response instanceof TransactWriteItemsResponse r) {
            r.consumedCapacity().forEach(c -> counters.writeUnits.add(units(c)));
        } else if (response instanceof BatchWriteItemResponse r) {
            r.consumedCapacity().forEach(c -> counters.writeUnits.add(units(c)));
        } else if (response instanceof GetItemResponse r) {
            counters.readUnits.add(units(r.consumedCapacity()));
        } else if (response instanceof QueryResponse r) {
            counters.readUnits.add(units(r.consumedCapacity()));
        } else if (response instanceof BatchGetItemResponse r) {
            r.consumedCapacity().forEach(c -> counters.readUnits.add(units(c)));
        } else if (response instanceof TransactGetItemsResponse r) {
            r.consumedCapacity().forEach(c -> counters.readUnits.add(units(c)));
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof PutItemRequest || request instanceof UpdateItemRequest
                || request instanceof DeleteItemRequest || request instanceof TransactWriteItemsRequest
                || request instanceof BatchWriteItemRequest) {
            BY_CALLER.computeIfAbsent(caller(), k -> new Counters()).failedWrites.increment();
        }
    }

    private static double units(ConsumedCapacity capacity) {
        return capacity == null || capacity.capacityUnits() == null ? 0 : capacity.capacityUnits();
    }

    private static String caller() {
        return LocalFunction.running().orElseGet(() -> Thread.currentThread().getName().replaceAll("[-\\d]+$", ""));
    }
}
