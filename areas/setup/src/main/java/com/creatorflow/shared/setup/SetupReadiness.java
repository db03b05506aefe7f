package com.creatorflow.shared.setup;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.inventory.InventoryRepository;
import com.creatorflow.shared.inventory.domain.StockLevel;
import com.creatorflow.shared.order.LineItem;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.shipping.ShippingSettings;
import com.creatorflow.shared.shipping.ShippingSettingsStore;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.shipping.carrier.CarrierAdapters;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierAllowance;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.Page;
import com.creatorflow.shared.tiktok.ShopRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Is a creator ready to ship? Names what is missing: a connected TikTok shop, a ship-from address, an allowed carrier
 * this deployment can buy labels from, and for every SKU we know of (the stock list and the most recent orders) a
 * shipping profile (or a default profile) and stock. Reads only; nothing is changed.
 */
public final class SetupReadiness {
    /** The most recent orders whose SKUs are checked. */
    static final int RECENT_ORDERS = 100;
    /** The most stock rows read. */
    static final int MAX_STOCK_ROWS = 2_000;

    private final ShopRegistry shops;
    private final ShippingSettingsStore settings;
    private final ShippingStore shipping;
    private final InventoryRepository inventory;
    private final OrderRepository orders;
    private final Set<Carrier> configured;

    /**
     * @param shops the shop registry
     * @param shipping the shipping store (settings and profiles)
     * @param inventory the stock
     * @param orders the orders
     * @param configured the carriers this deployment can reach
     */
    public SetupReadiness(ShopRegistry shops, ShippingStore shipping, InventoryRepository inventory,
                          OrderRepository orders, Set<Carrier> configured) {
        this.shops = shops;
        this.settings = shipping.settings();
        this.shipping = shipping;
        this.inventory = inventory;
        this.orders = orders;
        this.configured = Set.copyOf(configured);
    }

    /** The check wired from a function's environment. */
    public static SetupReadiness fromEnv(Env env) {
        return new SetupReadiness(ShopRegistry.fromEnv(env), new ShippingStore(env.aws().dynamo(),
                env.require("SHIPPING_TABLE"), PiiCipher.fromEnv(env)), InventoryRepository.fromEnv(env),
                OrderRepository.fromEnv(env), CarrierAdapters.configured(env));
    }

    /**
     * One check.
     *
     * @param check {@code shop}, {@code shipFrom}, {@code carriers}, {@code profiles} or {@code stock}
     * @param ok true when nothing is missing
     * @param message what is missing and how to set it, or what is there
     * @param skus the SKUs concerned ({@code profiles}, {@code stock}), empty otherwise
     */
    public record Check(String check, boolean ok, String message, List<String> skus) {
    }

    /**
     * The answer.
     *
     * @param ready true when every check passes
     * @param missing the names of the failing checks
     * @param checks every check
     */
    public record Report(boolean ready, List<String> missing, List<Check> checks) {
    }

    /** Checks a tenant. */
    public Report check(String tenantId) {
        List<Check> checks = new ArrayList<>();
        List<String> shopIds = shops.authorizedShopIds(tenantId);
        checks.add(shopIds.isEmpty()
                ? fail("shop", "no TikTok shop is connected; connect one so orders arrive")
                : ok("shop", shopIds.size() + " shop(s) connected"));
        ShippingSettings current = settings.current(tenantId);
        checks.add(current.defaultShipFrom().isEmpty()
                ? fail("shipFrom", "no ship-from address; add one with PUT /v1/shipping/settings (shipFrom)")
                : ok("shipFrom", "labels ship from " + current.defaultShipFrom().get().id()));
        List<String> usable = current.carriers().stream().map(CarrierAllowance::carrier)
                .filter(code -> configured.contains(Carrier.ofCode(code))).toList();
        checks.add(usable.isEmpty()
                ? fail("carriers", "no allowed carrier that can buy labels here; allow one with PUT "
                        + "/v1/shipping/settings (carriers)")
                : ok("carriers", "allowed: " + usable));

        Map<String, Long> available = new HashMap<>();
        Set<String> skus = new TreeSet<>();
        String cursor = null;
        int read = 0;
        do {
            Page<StockLevel> page = inventory.listStock(tenantId, 100, cursor);
            for (StockLevel level : page.items()) {
                skus.add(level.sku());
                available.merge(level.sku(), level.available(), Long::sum);
            }
            read += page.items().size();
            cursor = page.nextCursor();
        } while (cursor != null && read < MAX_STOCK_ROWS);
        for (Order order : orders.listRecent(tenantId, RECENT_ORDERS, null).items()) {
            order.lines().stream().map(LineItem::sku).filter(sku -> sku != null && !sku.isBlank()).forEach(skus::add);
        }

        Set<String> profiled = shipping.profiles(tenantId, skus).keySet();
        List<String> withoutProfile = current.defaultProfile() != null ? List.of()
                : skus.stream().filter(sku -> !profiled.contains(sku)).toList();
        checks.add(withoutProfile.isEmpty()
                ? ok("profiles", skus.size() + " known SKU(s) have a shipping profile")
                : new Check("profiles", false, withoutProfile.size() + " SKU(s) have no shipping profile (weight and "
                        + "dimensions); add them with PUT /v1/shipping/profiles/{sku} or the CSV import",
                        withoutProfile));
        Set<String> bundles = inventory.catalog().bundles(tenantId, skus).keySet();
        List<String> withoutStock = skus.stream().filter(sku -> !bundles.contains(sku))
                .filter(sku -> available.getOrDefault(sku, 0L) <= 0).toList();
        checks.add(withoutStock.isEmpty()
                ? ok("stock", "every known SKU has stock")
                : new Check("stock", false, withoutStock.size() + " SKU(s) have no stock available; orders for them "
                        + "wait; count them with POST /v1/inventory/import or an adjustment", withoutStock));

        List<String> missing = checks.stream().filter(c -> !c.ok()).map(Check::check).toList();
        return new Report(missing.isEmpty(), missing, checks);
    }

    private static Check ok(String check, String message) {
        return new Check(check, true, message, List.of());
    }

    private static Check fail(String check, String message) {
        return new Check(check, false, message, List.of());
    }
}
