package com.creatorflow.shared.inventory;

import com.creatorflow.shared.store.domain.Times;
import java.time.Instant;

/**
 * The key layout of the Inventory table (generic {@code pk}/{@code sk}); docs/inventory.md explains the access
 * patterns. Every partition key starts with {@code <tenant>#}, so no key of one tenant can name another's item, and
 * page cursors are checked against it ({@code Cursors}).
 */
final class InventoryKeys {
    /** Sort key of a SKU's settings item (threshold), in the SKU's partition; sorts before its stock items. */
    static final String SKU_CONFIG = "CFG";
    /** Prefix of stock items (one per location) in a SKU's partition. */
    static final String STOCK_PREFIX = "LOC#";
    /** Upper bound of the stock items' sort keys ('$' sorts right after '#'). */
    static final String STOCK_END = "LOC$";
    /** Prefix of movement items in a SKU's partition. */
    static final String MOVEMENT_PREFIX = "MOV#";
    /** Sort key of an order's reservation. */
    static final String RESERVATION = "RES";
    /** Sort key of an order's back-order entry. */
    static final String WAITING = "WAIT";
    /** Sort key of a tenant's settings. */
    static final String SETTINGS = "SETTINGS";
    /** Shards of the reservation expiry index (spreads its writes over partitions). */
    static final int EXPIRY_SHARDS = 16;

    private InventoryKeys() {
    }

    static String tenantPrefix(String tenant) {
        return tenant + "#";
    }

    static String skuPk(String tenant, String sku) {
        return tenantPrefix(tenant) + "SKU#" + sku;
    }

    static String stockSk(String location) {
        return STOCK_PREFIX + location;
    }

    static String movementSk(Instant at, String id) {
        return MOVEMENT_PREFIX + Times.sortable(at) + "#" + id;
    }

    static String orderPk(String tenant, String orderId) {
        return tenantPrefix(tenant) + "ORD#" + orderId;
    }

    static String waitingSkuPk(String tenant, String sku) {
        return tenantPrefix(tenant) + "WAITSKU#" + sku;
    }

    static String waitingSk(Instant since, String orderId) {
        return Times.sortable(since) + "#" + orderId;
    }

    /**
     * A position on a SKU's back-order index: higher priority first ({@code 000} is priority 100, {@code 200} is
     * -100), then oldest first.
     */
    static String waitingSkuSk(int priority, Instant since, String orderId) {
        int rank = 100 - Math.max(-100, Math.min(100, priority));
        return String.format("%03d#", rank) + waitingSk(since, orderId);
    }

    static String bundlesPk(String tenant) {
        return tenantPrefix(tenant) + "BUNDLES";
    }

    static String settingsPk(String tenant) {
        return tenantPrefix(tenant) + "CFG";
    }

    /** The {@code byCollection} index partition that lists a tenant's stock items. */
    static String stockCollection(String tenant) {
        return tenantPrefix(tenant) + "STOCK";
    }

    /** The {@code byCollection} index partition that lists a tenant's waiting orders, oldest first. */
    static String backorderCollection(String tenant) {
        return tenantPrefix(tenant) + "BACKORDERS";
    }

    static String expiryShard(String orderId) {
        return "RES#" + Math.floorMod(orderId.hashCode(), EXPIRY_SHARDS);
    }

    static String expiryKey(Instant expiresAt, String tenant, String orderId) {
        return Times.sortable(expiresAt) + "#" + tenant + "#" + orderId;
    }
}
