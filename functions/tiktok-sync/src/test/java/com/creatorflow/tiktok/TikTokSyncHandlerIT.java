package com.creatorflow.tiktok;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.idempotency.IdempotencyStatus;
import com.creatorflow.shared.idempotency.IdempotencyStore;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.testing.RecordingTaskTokens;
import com.creatorflow.shared.tiktok.domain.SyncRequest;
import com.creatorflow.shared.tiktok.sync.RetryBackoff;
import com.creatorflow.tiktok.sync.TikTokSyncHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sync worker's handler: the sample batch, duplicate deliveries, batching, and partial failures. */
class TikTokSyncHandlerIT {
    private static final String FIXTURE_SHOP = "7494049642642441621";
    private static final String FIXTURE_ORDER = "576462207837409441";
    private static final String FIXTURE_KEY = "tiktok-webhook#7441197706612998001";

    private final SyncFixture fx = new SyncFixture(FIXTURE_SHOP);
    private final SyncFixture.RecordingStarter fulfilment = new SyncFixture.RecordingStarter();
    private final IdempotencyStore records = IdempotencyStore.fromEnv(fx.env);
    private final String queueUrl = fx.env.aws().sqs().createQueue(r -> r.queueName("sync-it-" + UUID.randomUUID()))
            .queueUrl();
    private final TikTokSyncHandler handler = new TikTokSyncHandler(TikTokSyncHandler.worker(fx.env, fulfilment,
            new SyncFixture.RecordingStarter(), new SyncFixture.RecordingStarter(), new RecordingTaskTokens()),
            new RetryBackoff(fx.env.aws().sqs(), queueUrl), (source, type, detail) -> { }, 5);

    @AfterEach
    void close() {
        fx.close();
        fx.env.aws().sqs().deleteQueue(r -> r.queueUrl(queueUrl));
    }

    private SQSBatchResponse handle(SQSEvent event) {
        return handler.handleRequest(event, LocalLambdaContext.forTest("TikTokSyncFunction"));
    }

    @Test
    void theSampleBatchCreatesTheOrderAndADuplicateDeliveryChangesNothing() {
        fx.simulator.createOrder(FIXTURE_SHOP, FIXTURE_ORDER);
        fx.simulator.setStatus(FIXTURE_ORDER, TikTokOrderStatus.AWAITING_SHIPMENT);
        records.release(FIXTURE_KEY);
        records.claim(FIXTURE_KEY, IdempotencyStatus.INPROGRESS, "hash", Duration.ofHours(1),
                java.time.Instant.now().plusSeconds(10), java.util.Map.of());

        SQSEvent event = EventLoader.loadSQSEvent("tiktok-sync/order-sync-batch.json");
        assertThat(handle(event).getBatchItemFailures()).isEmpty();
        Order order = fx.ours(FIXTURE_ORDER).orElseThrow();
        assertThat(order.state()).isEqualTo(OrderState.READY);
        assertThat(records.get(FIXTURE_KEY).orElseThrow().status()).isEqualTo(IdempotencyStatus.COMPLETED);
        assertThat(records.get(FIXTURE_KEY).orElseThrow().data()).contains("CREATED");

        assertThat(handle(EventLoader.loadSQSEvent("tiktok-sync/order-sync-batch.json")).getBatchItemFailures())
                .isEmpty();
        assertThat(fx.ours(FIXTURE_ORDER).orElseThrow().version()).isEqualTo(order.version());
        assertThat(fulfilment.starts).containsExactly("order-" + FIXTURE_ORDER);
    }

    @Test
    void aBatchOfTenIsFetchedInOneCall() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(fx.simulator.createPaidOrder(fx.shop.shopId()));
        }
        long before = fx.simulator.calls("/order/202309/orders");
        assertThat(handle(batch(ids)).getBatchItemFailures()).isEmpty();
        assertThat(fx.simulator.calls("/order/202309/orders") - before).isEqualTo(1);
        ids.forEach(id -> assertThat(fx.ours(id)).isPresent());
    }

    @Test
    void duringATikTokOutageTheBatchFailsAndIsRetriedLaterNothingLost() {
        List<String> ids = List.of(fx.simulator.createPaidOrder(fx.shop.shopId()),
                fx.simulator.createPaidOrder(fx.shop.shopId()));
        fx.simulator.chaos().outage(true);
        SQSBatchResponse response = handle(batch(ids));
        assertThat(response.getBatchItemFailures()).hasSize(2);
        ids.forEach(id -> assertThat(fx.ours(id)).isEmpty());

        fx.simulator.chaos().outage(false);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!handle(batch(ids)).getBatchItemFailures().isEmpty() && System.nanoTime() < deadline) {
            sleep(300);
        }
        ids.forEach(id -> assertThat(fx.ours(id)).get().extracting(Order::state).isEqualTo(OrderState.READY));
    }

    @Test
    void anOrderTikTokRefusesFailsOnlyItsOwnMessage() {
        String good = fx.simulator.createPaidOrder(fx.shop.shopId());
        String foreign = fx.simulator.createPaidOrder(fx.simulator.addShop("someone else's shop").id());
        SQSEvent event = batch(List.of(good, foreign));
        String foreignMessage = event.getRecords().get(1).getMessageId();
        SQSBatchResponse response = handle(event);
        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly(foreignMessage);
        assertThat(fx.ours(good)).isPresent();
        assertThat(fx.ours(foreign)).isEmpty();
    }

    @Test
    void aSellerDeauthorizationStopsCallsForTheShop() {
        String id = fx.simulator.createPaidOrder(fx.shop.shopId());
        SyncRequest deauth = new SyncRequest(null, null, 6, fx.shop.shopId(), fx.shop.tenantId(), List.of(),
                Json.object().put("message", "seller revoked"), "webhook");
        assertThat(handle(event(List.of(deauth))).getBatchItemFailures()).isEmpty();
        assertThat(fx.shops.find(fx.shop.shopId()).orElseThrow().authorized()).isFalse();
        long before = fx.simulator.calls("/order/202309/orders");
        handle(batch(List.of(id)));
        assertThat(fx.simulator.calls("/order/202309/orders")).isEqualTo(before);
        assertThat(fx.ours(id)).isEmpty();
    }

    private SQSEvent batch(List<String> orderIds) {
        List<SyncRequest> requests = new ArrayList<>();
        for (String id : orderIds) {
            requests.add(new SyncRequest(null, null, 1, fx.shop.shopId(), fx.shop.tenantId(), List.of(id),
                    Json.object().put("order_id", id), "webhook"));
        }
        return event(requests);
    }

    private static SQSEvent event(List<SyncRequest> requests) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (SyncRequest request : requests) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(UUID.randomUUID().toString());
            message.setReceiptHandle("not-a-real-receipt");
            message.setBody(Json.write(request));
            message.setAttributes(java.util.Map.of("ApproximateReceiveCount", "1"));
            messages.add(message);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
