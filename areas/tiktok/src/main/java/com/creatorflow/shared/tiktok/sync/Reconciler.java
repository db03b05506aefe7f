package com.creatorflow.shared.tiktok.sync;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import com.creatorflow.shared.tiktok.domain.Shop;
import com.creatorflow.shared.tiktok.domain.SyncRequest;
import com.creatorflow.shared.tiktok.domain.TikTokEventType;
import com.creatorflow.shared.tiktok.domain.TikTokOrder;
import com.creatorflow.shared.tiktok.domain.TikTokOrderMapper;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The polling backstop for lost webhooks: for every authorized shop, searches TikTok for orders updated in the last
 * window and compares each with ours. An order we do not have, or whose TikTok {@code update_time} is newer than the
 * one we applied, is queued for sync on the same path as a webhook. Running it twice queues the same repairs again,
 * which the sync applies once: it is idempotent. Returns a report of what it found and queued.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private static final int PAGE_SIZE = 50;
    /** Searches a little past our now, so that TikTok's clock running ahead of ours hides nothing. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final ShopRegistry shops;
    private final TikTokShopClient tiktok;
    private final OrderRepository orders;
    private final SqsClient sqs;
    private final String queueUrl;

    /**
     * @param shops the shop registry
     * @param tiktok the Partner API client
     * @param orders our orders
     * @param sqs the SQS client
     * @param queueUrl the order-sync queue
     */
    public Reconciler(ShopRegistry shops, TikTokShopClient tiktok, OrderRepository orders, SqsClient sqs,
                      String queueUrl) {
        this.shops = shops;
        this.tiktok = tiktok;
        this.orders = orders;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /**
     * What a run found.
     *
     * @param shops shops checked
     * @param checked TikTok orders compared
     * @param missing orders we did not have (queued)
     * @param stale orders we had older data of (queued)
     * @param failedShops shops whose search failed, with the error
     */
    public record Report(int shops, int checked, List<String> missing, List<String> stale,
                         Map<String, String> failedShops) {
        /** Orders queued for repair. */
        public int repaired() {
            return missing.size() + stale.size();
        }
    }

    /** Reconciles orders updated in {@code [now - window, now]}. */
    public Report run(Instant now, Duration window) {
        List<Shop> authorized = shops.authorized();
        int checked = 0;
        List<String> missing = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (Shop shop : authorized) {
            try {
                List<String> repair = new ArrayList<>();
                String token = null;
                do {
                    TikTokShopClient.SearchPage page = tiktok.searchOrders(shop, now.minus(window),
                            now.plus(CLOCK_SKEW), token, PAGE_SIZE);
                    for (JsonNode json : page.orders()) {
                        checked++;
                        TikTokOrder theirs = TikTokOrderMapper.map(json, shop.tenantId(), shop.shopId());
                        Optional<Order> ours = orders.find(shop.tenantId(), theirs.orderId());
                        if (ours.isEmpty()) {
                            missing.add(theirs.orderId());
                            repair.add(theirs.orderId());
                        } else if (isBehind(ours.get(), theirs)) {
                            stale.add(theirs.orderId());
                            repair.add(theirs.orderId());
                        }
                    }
                    token = page.nextPageToken();
                } while (token != null);
                enqueue(shop, repair);
            } catch (RuntimeException e) {
                LOG.warn("reconciliation of shop {} failed: {}", shop.shopId(), e.toString());
                failed.put(shop.shopId(), e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        Report report = new Report(authorized.size(), checked, missing, stale, failed);
        LOG.info("reconciliation: {} shops, {} orders checked, {} missing and {} stale queued for sync, {} shops "
                + "failed", report.shops(), checked, missing.size(), stale.size(), failed.size());
        return report;
    }

    /** Ours is behind when TikTok changed it later than we applied, or in the same second to another status. */
    private static boolean isBehind(Order ours, TikTokOrder theirs) {
        if (theirs.updateTime() == null || ours.tiktokUpdatedAt() == null) {
            return ours.tiktokStatus() != theirs.status();
        }
        return theirs.updateTime().isAfter(ours.tiktokUpdatedAt())
                || (theirs.updateTime().equals(ours.tiktokUpdatedAt()) && ours.tiktokStatus() != theirs.status());
    }

    private void enqueue(Shop shop, List<String> orderIds) {
        for (int from = 0; from < orderIds.size(); from += TikTokShopClient.MAX_IDS_PER_CALL) {
            List<String> chunk = orderIds.subList(from, Math.min(orderIds.size(),
                    from + TikTokShopClient.MAX_IDS_PER_CALL));
            SyncRequest request = new SyncRequest(null, null, TikTokEventType.ORDER_STATUS_CHANGE.code(),
                    shop.shopId(), shop.tenantId(), chunk, Json.object(), "reconciliation");
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(Json.write(request)));
        }
    }
}
