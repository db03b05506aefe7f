package com.creatorflow.tiktok.stock;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ShopReconnectNeeded;
import com.creatorflow.shared.error.TikTokRejected;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.tiktok.StockChanges;
import com.creatorflow.shared.tiktok.StockPush;
import com.creatorflow.shared.tiktok.StockReconciler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Inventory table's stream consumer: every change of a SKU's available stock (reservation, release,
 * adjustment, import, return restock: whatever wrote the stock item) sets the SKU's stock on TikTok. A batch is
 * coalesced per SKU ({@link StockChanges}) and each SKU pushed once with its current figure. A transient failure
 * (TikTok unavailable after the client's retries, circuit open) reports the SKU's first record as the batch item
 * failure, so the stream retries from there (pushes are absolute, repeating them is harmless), and after the
 * mapping's retries the batch lands in the failure queue, which alarms. TikTok refusing a SKU is not retried here:
 * it is counted ({@value StockReconciler#REJECTED_METRIC}, alarmed) and the scheduled reconciliation tries again.
 */
public final class StockPushHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private static final Logger LOG = LoggerFactory.getLogger(StockPushHandler.class);
    private final StockPush push;

    /** Lambda's constructor. */
    public StockPushHandler() {
        this(Env.system());
    }

    /** From an explicit environment (local runtime). */
    public StockPushHandler(Env env) {
        this(StockPush.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public StockPushHandler(StockPush push) {
        this.push = push;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return Telemetry.invoke(context, () -> pushAll(StockChanges.of(event.getRecords() == null ? List.of()
                : event.getRecords())));
    }

    private StreamsEventResponse pushAll(List<StockChanges.Change> changes) {
        for (StockChanges.Change change : changes) {
            try {
                StockPush.Outcome outcome = push.push(change.tenantId(), change.sku());
                Telemetry.count("TikTokStock" + (outcome == StockPush.Outcome.PUSHED ? "Pushed" : "Skipped"));
            } catch (TikTokRejected | ShopReconnectNeeded refused) {
                Telemetry.count(StockReconciler.REJECTED_METRIC);
                LOG.warn("TikTok refused the stock of {} (tenant {}); the reconciliation retries: {}", change.sku(),
                        change.tenantId(), refused.getMessage());
            } catch (RuntimeException unavailable) {
                LOG.warn("pushing the stock of {} failed; retrying the stream from its first change: {}",
                        change.sku(), unavailable.getMessage());
                return StreamsEventResponse.builder().withBatchItemFailures(List.of(
                        new StreamsEventResponse.BatchItemFailure(change.firstSequenceNumber()))).build();
            }
        }
        return StreamsEventResponse.builder().withBatchItemFailures(List.of()).build();
    }
}
