package com.creatorflow.local.simulators.tiktok;

import com.creatorflow.local.simulators.RecentKeys;
import com.creatorflow.shared.order.TikTokOrderStatus;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Creates orders at a rate and walks each through TikTok's payment flow: UNPAID, then either ON_HOLD followed by
 * AWAITING_SHIPMENT (on-hold orders, half of them unless told otherwise) or straight to AWAITING_SHIPMENT, one step
 * every {@code stepDelayMillis}; a chosen share of the orders paid straight away is then cancelled by the buyer one
 * step later (within TikTok's hold hour, when buyers may cancel freely). Each step sends its webhook through the
 * simulator's {@link WebhookSender}, so its delay, duplicate, reorder and drop knobs apply.
 */
public final class TrafficGenerator {
    private final TikTokShopSimulator simulator;
    private final ScheduledExecutorService scheduler;
    private final RecentKeys<String> created = new RecentKeys<>(RecentKeys.SIMULATOR_MEMORY);

    TrafficGenerator(TikTokShopSimulator simulator, ScheduledExecutorService scheduler) {
        this.simulator = simulator;
        this.scheduler = scheduler;
    }

    /**
     * Starts generating in the background.
     *
     * @param shopId the shop
     * @param ordersPerSecond the creation rate
     * @param orders how many orders
     * @param stepDelayMillis the time between an order's steps
     */
    public void start(String shopId, double ordersPerSecond, int orders, int stepDelayMillis) {
        start(shopId, ordersPerSecond, orders, stepDelayMillis, 0.5, 0);
    }

    /**
     * Starts generating in the background, with buyers' cancellations.
     *
     * @param shopId the shop
     * @param ordersPerSecond the creation rate
     * @param orders how many orders
     * @param stepDelayMillis the time between an order's steps
     * @param onHoldShare the share (0-1) of orders that go through ON_HOLD (they ship at once when paid; the others
     *                    wait out TikTok's hold hour)
     * @param cancelShare the share (0-1) of orders paid straight away (not on hold) that the buyer then cancels
     */
    public void start(String shopId, double ordersPerSecond, int orders, int stepDelayMillis, double onHoldShare,
                      double cancelShare) {
        long intervalMicros = (long) (1_000_000 / Math.max(0.001, ordersPerSecond));
        for (int i = 0; i < orders; i++) {
            scheduler.schedule(() -> createOne(shopId, stepDelayMillis, onHoldShare, cancelShare), i * intervalMicros,
                    TimeUnit.MICROSECONDS);
        }
    }

    private void createOne(String shopId, int stepDelayMillis, double onHoldShare, double cancelShare) {
        String id = simulator.createOrder(shopId);
        created.add(id);
        boolean onHold = ThreadLocalRandom.current().nextDouble() < onHoldShare;
        if (onHold) {
            scheduler.schedule(() -> simulator.setStatus(id, TikTokOrderStatus.ON_HOLD), stepDelayMillis,
                    TimeUnit.MILLISECONDS);
        }
        scheduler.schedule(() -> simulator.setStatus(id, TikTokOrderStatus.AWAITING_SHIPMENT),
                (onHold ? 2L : 1L) * stepDelayMillis, TimeUnit.MILLISECONDS);
        if (!onHold && ThreadLocalRandom.current().nextDouble() < cancelShare) {
            scheduler.schedule(() -> simulator.setStatus(id, TikTokOrderStatus.CANCELLED), 2L * stepDelayMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    /** The orders created so far (the last {@value RecentKeys#SIMULATOR_MEMORY}). */
    public List<String> created() {
        return created.keys();
    }
}
