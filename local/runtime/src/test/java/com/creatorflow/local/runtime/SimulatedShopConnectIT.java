package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.domain.Shop;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime with its built-in simulators wires the shop connection flow by itself (authorization page, service
 * id, redirect URL, webhook address), keeps seeding the demo shop, and connects a simulator shop for a tenant through
 * the flow ({@link LocalRuntime#connectTikTokShop}).
 */
class SimulatedShopConnectIT {
    private static LocalRuntime runtime;

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.start(new RuntimeOptions(0, 0, 0, null, true));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void theDemoShopIsStillSeededAndAnotherShopConnectsThroughTheFlow() {
        ShopRegistry shops = ShopRegistry.fromEnv(runtime.functions().get("TikTokSyncFunction").env());
        assertThat(shops.find(TikTokSimulation.DEMO_SHOP_ID)).map(Shop::tenantId)
                .contains(TikTokSimulation.DEMO_TENANT);
        TikTokShopSimulator simulator = runtime.tiktokSimulator().orElseThrow();
        String shopId = simulator.addShop("Seeded through the flow").id();
        String tenant = "flow-" + UUID.randomUUID();

        assertThat(runtime.connectTikTokShop(tenant, shopId)).containsExactly(shopId);

        assertThat(shops.find(shopId)).map(Shop::tenantId).contains(tenant);
        assertThat(simulator.webhookAddress(shopId, "ORDER_STATUS_CHANGE"))
                .contains(runtime.baseUrl().resolve("/webhooks/tiktok"));
    }
}
