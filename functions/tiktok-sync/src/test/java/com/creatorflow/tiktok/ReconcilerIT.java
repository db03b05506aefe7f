package com.creatorflow.tiktok;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.testing.RecordingTaskTokens;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import com.creatorflow.shared.tiktok.sync.Reconciler;
import com.creatorflow.shared.tiktok.sync.RetryBackoff;
import com.creatorflow.tiktok.reconcile.ReconciliationHandler;
import com.creatorflow.tiktok.sync.TikTokSyncHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Reconciliation repairs orders whose webhook never arrived, reports them, and is idempotent. */
class ReconcilerIT {
    private final SyncFixture fx = new SyncFixture();
    private final SqsClient sqs = fx.env.aws().sqs();
    private final String queueUrl = sqs.createQueue(r -> r.queueName("reconcile-it-" + UUID.randomUUID())).queueUrl();

    @AfterEach
    void close() {
        fx.close();
        sqs.deleteQueue(r -> r.queueUrl(queueUrl));
    }

    @Test
    void repairsADroppedWebhookAndReportsIt() {
        TikTokSyncHandler worker = new TikTokSyncHandler(TikTokSyncHandler.worker(fx.env,
                new SyncFixture.RecordingStarter(), new SyncFixture.RecordingStarter(),
                new SyncFixture.RecordingStarter(), new RecordingTaskTokens()), new RetryBackoff(sqs, queueUrl),
                (source, type, detail) -> { }, 5);
        String synced = fx.simulator.createPaidOrder(fx.shop.shopId());
        String dropped = fx.simulator.createPaidOrder(fx.shop.shopId());
        new com.creatorflow.shared.tiktok.sync.OrderSync(fx.orders, new SyncFixture.RecordingStarter(),
                new SyncFixture.RecordingStarter(), new SyncFixture.RecordingStarter())
                .apply(fx.shop, fx.fetched(synced), null);
        fx.simulator.setStatus(synced, TikTokOrderStatus.CANCELLED);

        Reconciler reconciler = new Reconciler(fx.shops, TikTokShopClient.fromEnv(fx.env, fx.shops),
                OrderRepository.fromEnv(fx.env), sqs, queueUrl);
        ReconciliationHandler handler = new ReconciliationHandler(reconciler, Duration.ofMinutes(30),
                Clock.systemUTC());
        ScheduledEvent tick = EventLoader.loadScheduledEvent("tiktok-sync/reconciliation-schedule.json");
        Reconciler.Report report = handler.handleRequest(tick, LocalLambdaContext.forTest("ReconciliationFunction"));
        assertThat(report.missing()).contains(dropped).doesNotContain(synced);
        assertThat(report.stale()).containsExactly(synced);

        assertThat(worker.handleRequest(messages(drain()), LocalLambdaContext.forTest("w")).getBatchItemFailures())
                .isEmpty();
        assertThat(fx.ours(dropped).orElseThrow().state()).isEqualTo(OrderState.READY);
        assertThat(fx.ours(synced).orElseThrow().state()).isEqualTo(OrderState.CANCELLED);

        Reconciler.Report again = handler.handleRequest(tick, LocalLambdaContext.forTest("ReconciliationFunction"));
        assertThat(again.repaired()).isZero();
        assertThat(again.checked()).isEqualTo(report.checked());
    }

    private List<Message> drain() {
        List<Message> all = new ArrayList<>();
        List<Message> batch;
        do {
            batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages();
            all.addAll(batch);
        } while (!batch.isEmpty());
        return all;
    }

    private static SQSEvent messages(List<Message> received) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : received) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }
}
