package com.creatorflow.local.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.creatorflow.shared.config.Env;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stream function for tests: records the audit entries it sees per tenant, and reports the entries of tenants
 * listed in {@link #FAILING} as batch item failures (so the source retries them).
 */
public final class RecordingStreamHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    /** Seen "orderKey#seq" values by tenant. */
    static final Map<String, List<String>> SEEN = new ConcurrentHashMap<>();
    /** Tenants whose records fail. */
    static final Set<String> FAILING = ConcurrentHashMap.newKeySet();

    public RecordingStreamHandler(Env env) {
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            String orderKey = record.getDynamodb().getNewImage().get("orderKey").getS();
            String tenant = orderKey.substring(0, orderKey.lastIndexOf('#'));
            SEEN.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>())
                    .add(orderKey + "#" + record.getDynamodb().getNewImage().get("seq").getN());
            if (FAILING.contains(tenant)) {
                return StreamsEventResponse.builder().withBatchItemFailures(List.of(
                        new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber()))).build();
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }
}
