package com.creatorflow.tiktok.sync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.events.EventBridgePublisher;
import com.creatorflow.shared.events.EventPublisher;
import com.creatorflow.shared.idempotency.IdempotencyStore;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import com.creatorflow.shared.tiktok.aftersale.BuyerRequests;
import com.creatorflow.shared.tiktok.domain.SyncRequest;
import com.creatorflow.shared.tiktok.domain.TikTokSyncFailed;
import com.creatorflow.shared.tiktok.sync.OrderSync;
import com.creatorflow.shared.tiktok.sync.RetryBackoff;
import com.creatorflow.shared.tiktok.sync.SyncWorker;
import com.creatorflow.shared.workflow.StepFunctionsTaskTokens;
import com.creatorflow.shared.workflow.TaskTokens;
import com.creatorflow.shared.workflow.WorkflowStarter;
import com.creatorflow.shared.workflow.WorkflowWaits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order-sync worker: consumes the order-sync queue in batches and reports partial batch failures
 * ({@link SQSBatchResponse}), so one bad message does not send the whole batch back. A failed message is made
 * visible again after an exponential backoff (by its receive count), and after the queue's maxReceiveCount it moves
 * to the dead-letter queue, where an alarm fires. A message failing its last receive ({@code ORDER_SYNC_MAX_RECEIVES},
 * the queue's maxReceiveCount) raises {@code TikTokSyncFailed} ({@link TikTokSyncFailed}) so the creator hears of it.
 */
public final class TikTokSyncHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(TikTokSyncHandler.class);
    private final SyncWorker worker;
    private final RetryBackoff backoff;
    private final EventPublisher events;
    private final int maxReceives;

    /** Lambda's constructor. */
    public TikTokSyncHandler() {
        this(Env.system());
    }

    /** From an explicit environment (local runtime). */
    public TikTokSyncHandler(Env env) {
        this(worker(env, WorkflowStarter.fromEnv(env, "FULFILMENT_STATE_MACHINE_ARN"),
                        WorkflowStarter.fromEnv(env, "CANCELLATION_STATE_MACHINE_ARN"),
                        WorkflowStarter.fromEnv(env, "RETURN_STATE_MACHINE_ARN"),
                        new StepFunctionsTaskTokens(env.aws().stepFunctions())),
                new RetryBackoff(env.aws().sqs(), env.require("ORDER_SYNC_QUEUE_URL")),
                EventBridgePublisher.fromEnv(env), env.getInt("ORDER_SYNC_MAX_RECEIVES", 5));
    }

    /** Explicit collaborators (tests). */
    public TikTokSyncHandler(SyncWorker worker, RetryBackoff backoff, EventPublisher events, int maxReceives) {
        this.worker = worker;
        this.backoff = backoff;
        this.events = events;
        this.maxReceives = maxReceives;
    }

    /** The worker wired from an environment with the given workflows (the fulfilment, cancellation, return ones). */
    public static SyncWorker worker(Env env, WorkflowStarter fulfilment, WorkflowStarter cancellation,
                                    WorkflowStarter returns, TaskTokens tokens) {
        ShopRegistry shops = ShopRegistry.fromEnv(env);
        OrderSync sync = new OrderSync(OrderRepository.fromEnv(env), fulfilment, cancellation, returns);
        WorkflowWaits waits = new WorkflowWaits(env.aws().dynamo(), env.require("WORKFLOW_WAITS_TABLE"), tokens);
        TikTokShopClient client = TikTokShopClient.fromEnv(env, shops);
        return new SyncWorker(shops, client, sync, IdempotencyStore.fromEnv(env), waits,
                BuyerRequests.fromEnv(env, shops, client));
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Telemetry.invoke(context, () -> {
            List<SyncWorker.Item> items = new ArrayList<>();
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            Map<String, Integer> receives = new HashMap<>();
            for (SQSEvent.SQSMessage message : event.getRecords()) {
                receives.put(message.getMessageId(), RetryBackoff.receives(message));
                try {
                    items.add(new SyncWorker.Item(message.getMessageId(),
                            Json.read(message.getBody(), SyncRequest.class)));
                } catch (IllegalArgumentException unreadable) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                }
            }
            List<String> failed = worker.process(items);
            for (SQSEvent.SQSMessage message : event.getRecords()) {
                if (failed.contains(message.getMessageId())) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                    backoff.delay(message);
                }
            }
            for (SyncWorker.Item item : items) {
                if (failed.contains(item.messageId()) && receives.get(item.messageId()) >= maxReceives) {
                    givenUp(item, receives.get(item.messageId()));
                }
            }
            return new SQSBatchResponse(failures);
        });
    }

    /** Raises {@code TikTokSyncFailed} for a message the queue now dead-letters; the DLQ alarm covers a lost event. */
    private void givenUp(SyncWorker.Item item, int receives) {
        try {
            events.publish(TikTokSyncFailed.SOURCE, TikTokSyncFailed.DETAIL_TYPE,
                    TikTokSyncFailed.of(item.messageId(), item.request(), receives));
        } catch (RuntimeException e) {
            LOG.warn("TikTokSyncFailed for message {} could not be published: {}", item.messageId(), e.toString());
        }
    }
}
