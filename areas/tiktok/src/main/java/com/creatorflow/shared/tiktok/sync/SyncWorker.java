package com.creatorflow.shared.tiktok.sync;

import com.creatorflow.shared.aftersale.domain.BuyerRequest;
import com.creatorflow.shared.error.ShopReconnectNeeded;
import com.creatorflow.shared.error.TikTokRejected;
import com.creatorflow.shared.error.TransientFailure;
import com.creatorflow.shared.idempotency.IdempotencyRecord;
import com.creatorflow.shared.idempotency.IdempotencyStatus;
import com.creatorflow.shared.idempotency.IdempotencyStore;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import com.creatorflow.shared.tiktok.aftersale.BuyerRequests;
import com.creatorflow.shared.tiktok.domain.Shop;
import com.creatorflow.shared.tiktok.domain.SyncOutcome;
import com.creatorflow.shared.tiktok.domain.SyncRequest;
import com.creatorflow.shared.tiktok.domain.TikTokEventType;
import com.creatorflow.shared.tiktok.domain.TikTokOrder;
import com.creatorflow.shared.tiktok.domain.TikTokOrderMapper;
import com.creatorflow.shared.workflow.WorkflowWaits;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes a batch of order-sync requests: skips notifications already completed (duplicate deliveries), handles
 * shop events (deauthorization stops all calls; an upcoming expiry refreshes the token), fetches every order the
 * batch names in as few Get Order Detail calls as possible (up to 50 ids each, per shop), applies each order through
 * {@link OrderSync}, and marks each notification completed with its outcome. A request that fails is reported back
 * (its message stays on the queue); the others succeed.
 */
public final class SyncWorker {
    /** What the return workflow waits for ({@code AwaitSignal} kind in order-return.asl.json). */
    static final String RETURN_OUTCOME = "RETURN_OUTCOME";
    private static final Logger LOG = LoggerFactory.getLogger(SyncWorker.class);
    private static final Duration RECORD_TTL = Duration.ofHours(48);

    private final ShopRegistry shops;
    private final TikTokShopClient tiktok;
    private final OrderSync sync;
    private final WorkflowWaits waits;
    private final IdempotencyStore notifications;
    private final BuyerRequests requests;

    /**
     * @param shops the shop registry
     * @param tiktok the Partner API client
     * @param sync applies one order
     * @param notifications the notification records (idempotency table)
     * @param waits the workflows' waits (a return's outcome)
     * @param requests buyers' cancellation and return requests
     */
    public SyncWorker(ShopRegistry shops, TikTokShopClient tiktok, OrderSync sync, IdempotencyStore notifications,
                      WorkflowWaits waits, BuyerRequests requests) {
        this.shops = shops;
        this.tiktok = tiktok;
        this.sync = sync;
        this.notifications = notifications;
        this.waits = waits;
        this.requests = requests;
    }

    /**
     * One queued request and the message it came in.
     *
     * @param messageId the SQS message id (reported back on failure)
     * @param request the request
     */
    public record Item(String messageId, SyncRequest request) {
    }

    /** Processes a batch; returns the message ids that failed. */
    public List<String> process(List<Item> batch) {
        List<String> failed = new ArrayList<>();
        List<Item> work = new ArrayList<>();
        Map<String, IdempotencyRecord> records = notifications.getAll(batch.stream()
                .map(item -> item.request().notificationKey()).filter(Objects::nonNull).toList());
        for (Item item : batch) {
            IdempotencyRecord record = records.get(item.request().notificationKey());
            if (record != null && record.status() == IdempotencyStatus.COMPLETED) {
                Telemetry.count("SyncDuplicateSkipped");
                continue;
            }
            work.add(item);
        }
        Map<String, Map<String, TikTokOrder>> fetched = new HashMap<>();
        Map<String, RuntimeException> fetchErrors = new HashMap<>();
        Map<String, Shop> shopById = new HashMap<>();
        fetchOrders(work, shopById, fetched, fetchErrors);
        for (Item item : work) {
            SyncRequest request = item.request();
            Telemetry.correlate(Telemetry.NOTIFICATION_ID, request.notificationId());
            try {
                RuntimeException fetchError = fetchErrors.get(request.shopId());
                if (fetchError != null && !request.orderIds().isEmpty()) {
                    throw fetchError;
                }
                Map<String, Object> result = handle(request, shopById.get(request.shopId()),
                        fetched.getOrDefault(request.shopId(), Map.of()), fetchErrors);
                complete(request, result);
            } catch (RuntimeException e) {
                Telemetry.count("SyncFailed");
                LOG.warn("sync of notification {} (type {}) failed: {}", request.notificationId(), request.type(),
                        e.toString());
                failed.add(item.messageId());
            }
        }
        return failed;
    }

    private void fetchOrders(List<Item> work, Map<String, Shop> shopById,
                             Map<String, Map<String, TikTokOrder>> fetched, Map<String, RuntimeException> errors) {
        Map<String, Set<String>> idsByShop = new LinkedHashMap<>();
        for (Item item : work) {
            SyncRequest request = item.request();
            idsByShop.computeIfAbsent(request.shopId(), k -> new LinkedHashSet<>()).addAll(request.orderIds());
        }
        idsByShop.forEach((shopId, ids) -> {
            try {
                Shop shop = shops.find(shopId).orElseThrow(() -> new IllegalStateException("shop " + shopId
                        + " is not registered"));
                shopById.put(shopId, shop);
                if (!ids.isEmpty() && shop.authorized()) {
                    fetched.put(shopId, fetch(shop, new ArrayList<>(ids), errors));
                }
            } catch (RuntimeException e) {
                errors.put(shopId, e);
            }
        });
    }

    /**
     * The orders of one shop in as few calls as possible. When TikTok refuses the whole call (one id of another shop
     * fails it), each id is fetched alone, so that one bad id fails only its own message; its error is kept by id.
     */
    private Map<String, TikTokOrder> fetch(Shop shop, List<String> ids, Map<String, RuntimeException> errors) {
        Map<String, TikTokOrder> orders = new HashMap<>();
        try {
            tiktok.orderDetails(shop, ids).forEach(json -> put(orders, shop, json));
        } catch (TikTokRejected refused) {
            if (ids.size() == 1) {
                throw refused;
            }
            for (String id : ids) {
                try {
                    tiktok.orderDetails(shop, List.of(id)).forEach(json -> put(orders, shop, json));
                } catch (RuntimeException e) {
                    errors.put(id, e);
                }
            }
        }
        return orders;
    }

    private static void put(Map<String, TikTokOrder> orders, Shop shop, JsonNode json) {
        TikTokOrder order = TikTokOrderMapper.map(json, shop.tenantId(), shop.shopId());
        orders.put(order.orderId(), order);
    }

    private Map<String, Object> handle(SyncRequest request, Shop shop, Map<String, TikTokOrder> orders,
                                       Map<String, RuntimeException> errors) {
        Optional<TikTokEventType> type = TikTokEventType.of(request.type());
        if (type.isPresent() && type.get() == TikTokEventType.SELLER_DEAUTHORIZATION) {
            shops.deauthorize(request.shopId());
            LOG.warn("shop {} deauthorized CreatorFlow: no further calls are made for it", request.shopId());
            return Map.of("outcome", "SHOP_DEAUTHORIZED");
        }
        if (type.isPresent() && type.get() == TikTokEventType.UPCOMING_AUTHORIZATION_EXPIRATION) {
            if (!shop.authorized()) {
                return Map.of("outcome", "SHOP_NOT_AUTHORIZED");
            }
            try {
                tiktok.refreshToken(shop);
            } catch (ShopReconnectNeeded e) {
                return Map.of("outcome", "RECONNECT_NEEDED");
            }
            return Map.of("outcome", "TOKEN_REFRESHED");
        }
        if (!shop.authorized()) {
            return Map.of("outcome", "SHOP_NOT_AUTHORIZED");
        }
        ReturnEvent returned = type.isPresent() && type.get() == TikTokEventType.RETURN_STATUS_CHANGE
                ? ReturnEvent.of(request.data()) : null;
        Map<SyncOutcome, Integer> counts = new EnumMap<>(SyncOutcome.class);
        for (String orderId : request.orderIds()) {
            TikTokOrder order = orders.get(orderId);
            if (order == null) {
                throw errors.getOrDefault(orderId, new IllegalStateException("TikTok did not return order " + orderId));
            }
            Telemetry.correlate(Telemetry.ORDER_ID, orderId);
            SyncOutcome outcome = sync.apply(shop, order, returned);
            if (returned != null) {
                requests.reported(shop.tenantId(), shop.shopId(), BuyerRequest.Kind.RETURN, returned.returnId(),
                        orderId, returned.returnType(), returned.status());
                returned.outcome().ifPresent(result -> endReturnWait(shop, orderId, result));
            }
            if (type.isPresent() && type.get() == TikTokEventType.CANCELLATION_STATUS_CHANGE
                    && request.data() != null && request.data().hasNonNull("cancel_id")
                    && "BUYER".equals(request.data().path("cancellations_role").asText())) {
                requests.reported(shop.tenantId(), shop.shopId(), BuyerRequest.Kind.CANCELLATION,
                        request.data().get("cancel_id").asText(), orderId, null,
                        request.data().path("cancel_status").asText(""));
            }
            Telemetry.count("Sync" + outcome.name());
            counts.merge(outcome, 1, Integer::sum);
        }
        return Map.of("outcome", counts.size() == 1 ? counts.keySet().iterator().next().name() : "MIXED",
                "orders", counts);
    }

    /**
     * Tells the order's return workflow how the return ended. A workflow that has not parked yet makes the message
     * come back later; an order no longer waiting for a return has nothing to resume.
     */
    private void endReturnWait(Shop shop, String orderId, String outcome) {
        String answer = Json.write(Map.of("outcome", outcome));
        if (!waits.signal(shop.tenantId(), orderId, RETURN_OUTCOME, answer) && sync.awaitsReturn(shop, orderId)) {
            throw new TransientFailure("the return workflow of order " + orderId + " is not waiting yet; retry");
        }
    }

    private void complete(SyncRequest request, Map<String, Object> result) {
        if (request.notificationKey() == null) {
            return;
        }
        if (!notifications.completeOnce(request.notificationKey(), Json.write(result), RECORD_TTL)) {
            Telemetry.count("SyncCompletedConcurrently");
            LOG.info("notification {} was completed concurrently by another delivery", request.notificationId());
        }
    }
}
