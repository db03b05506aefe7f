package com.creatorflow.shared.tiktok;

import com.creatorflow.shared.error.ShopReconnectNeeded;
import com.creatorflow.shared.events.EventPublisher;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.tiktok.domain.Shop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes access tokens ahead of their expiry, on a schedule: every authorized shop whose access token expires
 * within the window gets a new one, so calls rarely meet an expired token. A shop whose refresh token expired or is
 * refused goes to TOKEN_EXPIRED (reconnect needed); any other failure is counted and tried again next run. Each run
 * then raises {@code ShopReconnectNeeded} ({@link ShopReconnectRequired}) once for every shop that moved to a
 * reconnect-needed state since, wherever that was found (a refresh, any call, the seller's deauthorization).
 */
public final class ShopTokenRefresher {
    private static final Logger LOG = LoggerFactory.getLogger(ShopTokenRefresher.class);

    private final ShopRegistry shops;
    private final TikTokShopClient tiktok;
    private final Clock clock;
    private final EventPublisher events;

    /**
     * @param shops the shop registry
     * @param tiktok the Partner API client (it stores the new tokens)
     * @param clock the clock
     * @param events where {@code ShopReconnectNeeded} goes
     */
    public ShopTokenRefresher(ShopRegistry shops, TikTokShopClient tiktok, Clock clock, EventPublisher events) {
        this.shops = shops;
        this.tiktok = tiktok;
        this.clock = clock;
        this.events = events;
    }

    /**
     * What one run did.
     *
     * @param refreshed shops with a new access token
     * @param reconnectNeeded shops now needing to be connected again
     * @param failed shops whose refresh failed for another reason (tried next run)
     * @param notDue authorized shops whose token lasts beyond the window
     */
    public record Result(int refreshed, int reconnectNeeded, int failed, int notDue) {
    }

    /** Refreshes every authorized shop whose access token expires within {@code window}. */
    public Result refreshExpiring(Duration window) {
        Instant due = clock.instant().plus(window);
        int refreshed = 0;
        int reconnect = 0;
        int failed = 0;
        int notDue = 0;
        for (Shop shop : shops.authorized()) {
            if (shop.accessTokenExpiresAt() != null && shop.accessTokenExpiresAt().isAfter(due)) {
                notDue++;
                continue;
            }
            try {
                tiktok.refreshToken(shop);
                refreshed++;
            } catch (ShopReconnectNeeded e) {
                reconnect++;
            } catch (RuntimeException e) {
                failed++;
                LOG.warn("token refresh of shop {} failed; next run tries again: {}", shop.shopId(), e.toString());
            }
        }
        Telemetry.count("TikTokTokensRefreshed", refreshed);
        if (failed > 0) {
            Telemetry.count("TikTokTokenRefreshFailed", failed);
        }
        announceReconnects();
        return new Result(refreshed, reconnect, failed, notDue);
    }

    /** Raises one event per shop move to a reconnect-needed state not yet announced; a failed publish is retried next run. */
    private void announceReconnects() {
        for (ShopRegistry.ReconnectNotice notice : shops.reconnectNotices()) {
            try {
                events.publish(ShopReconnectRequired.SOURCE, ShopReconnectRequired.DETAIL_TYPE,
                        ShopReconnectRequired.of(notice));
                shops.reconnectAnnounced(notice);
            } catch (RuntimeException e) {
                LOG.warn("ShopReconnectNeeded for shop {} could not be published; next run tries again: {}",
                        notice.shopId(), e.toString());
            }
        }
    }
}
