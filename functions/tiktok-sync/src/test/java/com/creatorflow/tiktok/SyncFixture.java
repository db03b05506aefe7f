package com.creatorflow.tiktok;

import com.creatorflow.local.simulators.tiktok.SimShop;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.testing.TestStack;
import com.creatorflow.shared.tiktok.ShopRegistry;
import com.creatorflow.shared.tiktok.domain.Shop;
import com.creatorflow.shared.tiktok.domain.TikTokOrder;
import com.creatorflow.shared.tiktok.domain.TikTokOrderMapper;
import com.creatorflow.shared.workflow.WorkflowStarter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TikTok Shop simulator, a registered shop with a fresh tenant and an environment wired to the test stack and the
 * simulator, as the sync functions get it in the local runtime.
 */
public final class SyncFixture implements AutoCloseable {
    public static final String APP_KEY = "sync-it-app";
    public static final String APP_SECRET = "sync-it-secret";

    public final TikTokShopSimulator simulator;
    public final SimShop simShop;
    public final Shop shop;
    public final Env env;
    public final OrderRepository orders;
    public final ShopRegistry shops;

    public SyncFixture() {
        this(null);
    }

    /** With a given shop id (null = random). */
    public SyncFixture(String shopId) {
        simulator = TikTokShopSimulator.start(APP_KEY, APP_SECRET);
        simShop = shopId == null ? simulator.addShop("Sync IT shop") : simulator.addShop(shopId, "Sync IT shop");
        TestStack stack = TestStack.get();
        env = stack.env().with(Map.of("SHOPS_TABLE", stack.tables().get("ShopsTable"), "TIKTOK_APP_KEY", APP_KEY,
                "TIKTOK_APP_SECRET", APP_SECRET, "TIKTOK_API_URL", simulator.baseUrl().toString(),
                "TIKTOK_AUTH_URL", simulator.baseUrl().toString(), "TIKTOK_BACKOFF_MILLIS", "10",
                "TIKTOK_CIRCUIT_OPEN_SECONDS", "1"));
        shops = ShopRegistry.fromEnv(env);
        shop = shops.save(simShop.toShop(TestStack.tenant()));
        orders = OrderRepository.fromEnv(env);
    }

    /** TikTok's current view of a simulated order, mapped. */
    public TikTokOrder fetched(String orderId) {
        return TikTokOrderMapper.map(simulator.orderJson(orderId), shop.tenantId(), shop.shopId());
    }

    /** Our copy of an order. */
    public Optional<Order> ours(String orderId) {
        return orders.find(shop.tenantId(), orderId);
    }

    @Override
    public void close() {
        simulator.close();
    }

    /** Records workflow starts; like Step Functions, a name already started is not started again. */
    public static final class RecordingStarter implements WorkflowStarter {
        public final List<String> starts = new CopyOnWriteArrayList<>();
        private final Set<String> names = ConcurrentHashMap.newKeySet();

        @Override
        public Optional<String> start(String executionName, Object input) {
            if (names.add(executionName)) {
                starts.add(executionName);
            }
            return Optional.of(executionArn(executionName));
        }

        @Override
        public String executionArn(String executionName) {
            return "arn:aws:states:us-east-1:000000000000:execution:OrderFulfilment:" + executionName;
        }
    }
}
