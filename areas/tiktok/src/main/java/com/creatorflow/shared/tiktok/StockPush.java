package com.creatorflow.shared.tiktok;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.inventory.InventoryRepository;
import com.creatorflow.shared.inventory.domain.SkuStock;
import com.creatorflow.shared.inventory.domain.StockLevel;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.tiktok.domain.Listing;
import com.creatorflow.shared.tiktok.domain.Shop;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets a SKU's stock on its TikTok listing to our available units (Update Inventory: an absolute quantity per
 * warehouse, never a delta, so a repeated or late push cannot drift). Our units per TikTok warehouse: a location
 * whose code is the warehouse id goes to that warehouse; every other location adds to the listing's first
 * warehouse. The stock is read (consistently) when pushing, so pushes coalesced from many changes send the latest
 * figure. A SKU without a listing, or whose shop is not connected, is skipped.
 */
public final class StockPush {
    private static final Logger LOG = LoggerFactory.getLogger(StockPush.class);

    private final ListingMap listings;
    private final InventoryRepository inventory;
    private final ShopRegistry shops;
    private final TikTokShopClient tiktok;

    /** What a push did. */
    public enum Outcome {
        /** TikTok now shows our figure. */
        PUSHED,
        /** The SKU is not listed on TikTok (not in the imported catalogue). */
        NOT_LISTED,
        /** The listing's shop is not connected (unknown, deauthorized or its token expired). */
        SHOP_NOT_CONNECTED
    }

    /**
     * @param listings the SKU ↔ listing map
     * @param inventory our stock
     * @param shops the shops (cipher, tokens)
     * @param tiktok the Partner API client (rate-limited per shop and API, retried, circuit-broken)
     */
    public StockPush(ListingMap listings, InventoryRepository inventory, ShopRegistry shops, TikTokShopClient tiktok) {
        this.listings = listings;
        this.inventory = inventory;
        this.shops = shops;
        this.tiktok = tiktok;
    }

    /** The push wired from a function's environment. */
    public static StockPush fromEnv(Env env) {
        ShopRegistry shops = ShopRegistry.fromEnv(env);
        return new StockPush(ListingMap.fromEnv(env), InventoryRepository.fromEnv(env), shops,
                TikTokShopClient.fromEnv(env, shops));
    }

    /** The listings this push reads. */
    public ListingMap listings() {
        return listings;
    }

    /** Pushes a SKU's available units to its listing. */
    public Outcome push(String tenantId, String sku) {
        Optional<Listing> listing = listings.find(tenantId, sku);
        if (listing.isEmpty()) {
            return Outcome.NOT_LISTED;
        }
        return push(listing.get(), ours(listing.get(), inventory.stock(tenantId, sku)));
    }

    /** Pushes given quantities per warehouse to a listing. */
    public Outcome push(Listing listing, Map<String, Long> quantities) {
        Optional<Shop> shop = shops.find(listing.shopId()).filter(s -> s.tenantId().equals(listing.tenantId()))
                .filter(Shop::authorized);
        if (shop.isEmpty()) {
            Telemetry.count("TikTokStockPushShopNotConnected");
            return Outcome.SHOP_NOT_CONNECTED;
        }
        tiktok.updateInventory(shop.get(), listing.productId(), listing.skuId(), quantities);
        LOG.info("TikTok stock of {} set to {}", listing.sku(), quantities);
        return Outcome.PUSHED;
    }

    /** Our available units per TikTok warehouse of a listing. */
    public static Map<String, Long> ours(Listing listing, SkuStock stock) {
        Map<String, Long> quantities = new LinkedHashMap<>();
        if (listing.warehouseIds().isEmpty()) {
            return quantities;
        }
        String first = listing.warehouseIds().get(0);
        quantities.put(first, 0L);
        for (StockLevel level : stock.locations()) {
            String warehouse = listing.warehouseIds().contains(level.location()) ? level.location() : first;
            quantities.merge(warehouse, Math.max(0, level.available()), Long::sum);
        }
        return quantities;
    }
}
