package com.creatorflow.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counts DynamoDB write calls by the name of the thread that made them (the front door's request threads, the SQS
 * pollers, ...), so that a benchmark can print the store writes per webhook on the acknowledgement path. Registered
 * for every SDK client of the benchmark JVM through the SDK's global interceptor file
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors}); benchmarks only, never in functions.
 */
public final class DynamoWriteCounter implements ExecutionInterceptor {
    private static final Map<String, LongAdder> WRITES = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof PutItemRequest || request instanceof UpdateItemRequest
                || request instanceof DeleteItemRequest || request instanceof TransactWriteItemsRequest
                || request instanceof BatchWriteItemRequest) {
            WRITES.computeIfAbsent(Thread.currentThread().getName(), k -> new LongAdder()).increment();
        }
    }

    /** Writes made so far by threads with this name. */
    public static long writes(String threadName) {
        LongAdder count = WRITES.get(threadName);
        return count == null ? 0 : count.sum();
    }
}
