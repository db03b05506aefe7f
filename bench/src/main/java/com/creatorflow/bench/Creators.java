package com.creatorflow.bench;

import com.creatorflow.local.simulators.tiktok.SimShop;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.inventory.InventoryService;
import com.creatorflow.shared.inventory.domain.InventoryInput;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.rules.RulesService;
import com.creatorflow.shared.shipping.ShippingRules;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.shipping.domain.RateStrategy;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import com.creatorflow.shared.shipping.testing.ShippingSamples;
import com.creatorflow.shared.tiktok.ShopRegistry;
import java.util.List;
import java.util.function.Function;

/**
 * A creator ready for orders from a simulated TikTok shop, set up through the services the functions use: the shop
 * connected, opening stock of every SKU of the simulator's catalogue, shipping rules (cheapest carrier, a default SKU
 * profile) and two rules (a tag and a priority).
 */
public final class Creators {
    /** The creator's two rules. */
    public static final String RULES = """
            {"timeZone": "America/Los_Angeles", "rules": [
              {"id": "stickers", "name": "Tag sticker orders", "priority": 10,
               "pattern": {"sku": ["STICKER-01"]}, "actions": [{"type": "addTag", "tag": "stickers"}]},
              {"id": "bigger", "name": "Bigger orders first", "priority": 20,
               "pattern": {"total": [{"numeric": [">", 40]}]}, "actions": [{"type": "setPriority", "priority": 5}]}
            ]}""";

    private Creators() {
    }

    /**
     * Sets up a creator.
     *
     * @param functionEnv the environment of a template function by logical id (its tables and clients)
     * @param tenant the creator's tenant id
     * @param shop the simulated shop to connect
     * @param openingStock units of every catalogue SKU put on hand
     */
    public static void setUp(Function<String, Env> functionEnv, String tenant, SimShop shop, long openingStock) {
        setUp(functionEnv, tenant, shop, openingStock, List.of());
    }

    /** The same creator, shipping only with these carriers (codes; none: every configured carrier). */
    public static void setUp(Function<String, Env> functionEnv, String tenant, SimShop shop, long openingStock,
                             List<String> carriers) {
        ShopRegistry.fromEnv(functionEnv.apply("TikTokSyncFunction")).save(shop.toShop(tenant));
        ShippingStore.fromEnv(functionEnv.apply("CreateLabelFunction")).putRules(tenant,
                new ShippingRules(RateStrategy.CHEAPEST, carriers, List.of(), List.of(), RateStrategy.CHEAPEST, 5, 0,
                        ShippingSamples.SHIP_FROM, new SkuProfile("*", 300, 250, 200, 50, "610910", false)));
        InventoryService inventory = InventoryService.fromEnv(functionEnv.apply("InventoryReserveFunction"));
        for (String sku : TikTokShopSimulator.sellerSkus()) {
            inventory.stock().adjust(tenant, sku, InventoryInput.DEFAULT_LOCATION, openingStock, "opening stock", "bench");
        }
        RulesService.fromEnv(functionEnv.apply("ApplyRulesFunction")).save(tenant, Json.tree(RULES), "bench");
    }
}
