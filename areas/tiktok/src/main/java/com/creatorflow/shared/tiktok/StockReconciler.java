package com.creatorflow.shared.tiktok;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.CreatorFlowException;
import com.creatorflow.shared.error.TikTokRejected;
import com.creatorflow.shared.inventory.InventoryRepository;
import com.creatorflow.shared.inventory.domain.SkuStock;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.tiktok.domain.Listing;
import com.creatorflow.shared.tiktok.domain.Shop;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled stock reconciliation with TikTok, per connected shop: pages through the shop's catalogue (Search
 * Products), imports the SKU ↔ listing map from it (TikTok's {@code seller_sku} is our SKU; new or changed ids are
 * saved), and compares each listed SKU's stock on TikTok with ours; a SKU whose figures differ (an edit in Seller
 * Center, a push that was lost) is pushed again with our current figure. SKUs we hold no stock record for are
 * mapped but never pushed, so connecting a shop does not zero listings the creator has not stocked here yet.
 * Failures are counted ({@value #REJECTED_METRIC}, alarmed) and retried by the next run.
 */
public final class StockReconciler {
    /** Counted for each stock push TikTok refused (template.yaml alarms on it). */
    public static final String REJECTED_METRIC = "TikTokStockPushRejected";
    private static final Logger LOG = LoggerFactory.getLogger(StockReconciler.class);
    private static final int PAGE_SIZE = 50;

    private final ShopRegistry shops;
    private final TikTokShopClient tiktok;
    private final ListingMap listings;
    private final InventoryRepository inventory;
    private final StockPush push;
    private final Clock clock;

    /**
     * What a run did.
     *
     * @param shops shops reconciled
     * @param listed TikTok SKUs seen
     * @param mapped listings saved (new or changed ids)
     * @param repaired SKUs whose TikTok stock differed from ours and was set again
     * @param failedShops shops whose catalogue could not be read (retried next run)
     * @param failedSkus SKUs TikTok refused to update
     */
    public record Report(int shops, int listed, int mapped, List<String> repaired, List<String> failedShops,
                         List<String> failedSkus) {
    }

    /**
     * @param shops the shops
     * @param tiktok the Partner API client
     * @param listings the SKU ↔ listing map
     * @param inventory our stock
     * @param push the stock push
     * @param clock stamps imports
     */
    public StockReconciler(ShopRegistry shops, TikTokShopClient tiktok, ListingMap listings,
                           InventoryRepository inventory, StockPush push, Clock clock) {
        this.shops = shops;
        this.tiktok = tiktok;
        this.listings = listings;
        this.inventory = inventory;
        this.push = push;
        this.clock = clock;
    }

    /** The reconciliation wired from a function's environment. */
    public static StockReconciler fromEnv(Env env) {
        ShopRegistry shops = ShopRegistry.fromEnv(env);
        TikTokShopClient client = TikTokShopClient.fromEnv(env, shops);
        ListingMap listings = ListingMap.fromEnv(env);
        InventoryRepository inventory = InventoryRepository.fromEnv(env);
        return new StockReconciler(shops, client, listings, inventory,
                new StockPush(listings, inventory, shops, client), Clock.systemUTC());
    }

    /** Reconciles every connected shop. */
    public Report run() {
        int shopCount = 0;
        int listed = 0;
        int mapped = 0;
        List<String> repaired = new ArrayList<>();
        List<String> failedShops = new ArrayList<>();
        List<String> failedSkus = new ArrayList<>();
        for (Shop shop : shops.authorized()) {
            shopCount++;
            try {
                String page = null;
                do {
                    TikTokShopClient.CataloguePage catalogue = tiktok.searchProducts(shop, page, PAGE_SIZE);
                    for (TikTokShopClient.CatalogueSku sku : catalogue.skus()) {
                        if (sku.sellerSku() == null || sku.stock().isEmpty()) {
                            continue;
                        }
                        listed++;
                        Listing listing = new Listing(shop.tenantId(), sku.sellerSku(), shop.shopId(),
                                sku.productId(), sku.skuId(), List.copyOf(sku.stock().keySet()), clock.instant());
                        Optional<Listing> known = listings.find(shop.tenantId(), sku.sellerSku());
                        if (known.isEmpty() || !listing.sameIds(known.get())) {
                            listings.put(listing);
                            mapped++;
                        }
                        if (drifted(listing, sku.stock(), failedSkus)) {
                            repaired.add(sku.sellerSku());
                        }
                    }
                    page = catalogue.nextPageToken();
                } while (page != null);
            } catch (CreatorFlowException e) {
                LOG.warn("stock reconciliation of shop {} failed, next run retries: {}", shop.shopId(),
                        e.getMessage());
                Telemetry.count("TikTokStockReconcileShopFailed");
                failedShops.add(shop.shopId());
            }
        }
        if (!repaired.isEmpty()) {
            Telemetry.count("TikTokStockDriftRepaired");
        }
        Report report = new Report(shopCount, listed, mapped, repaired, failedShops, failedSkus);
        LOG.info("TikTok stock reconciliation: {}", report);
        return report;
    }

    /** True when TikTok's figure differed from ours and was pushed again. */
    private boolean drifted(Listing listing, Map<String, Long> theirs, List<String> failedSkus) {
        SkuStock stock = inventory.stock(listing.tenantId(), listing.sku());
        if (stock.locations().isEmpty()) {
            return false;
        }
        Map<String, Long> ours = StockPush.ours(listing, stock);
        boolean same = ours.entrySet().stream().allMatch(e -> e.getValue().equals(theirs.get(e.getKey())));
        if (same) {
            return false;
        }
        try {
            return push.push(listing.tenantId(), listing.sku()) == StockPush.Outcome.PUSHED;
        } catch (TikTokRejected e) {
            Telemetry.count(REJECTED_METRIC);
            LOG.warn("TikTok refused the stock of {}: {}", listing.sku(), e.getMessage());
            failedSkus.add(listing.sku());
            return false;
        }
    }
}
