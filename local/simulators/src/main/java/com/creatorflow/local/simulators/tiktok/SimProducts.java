package com.creatorflow.local.simulators.tiktok;

import com.creatorflow.shared.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulator's product catalogue and listing stock per shop: Search Products (page of products with their SKUs
 * and stock per warehouse), Get Product, Update Inventory (absolute quantity per warehouse; the {@code inventory}
 * block is required, an unknown SKU or warehouse is refused) and Inventory Search. Every shop lists the
 * {@link SimCatalog} products in one warehouse, {@value #WAREHOUSE}, starting at {@value #INITIAL_STOCK} units.
 */
final class SimProducts {
    /** The one warehouse of every simulated shop (the orders' {@code warehouse_id}). */
    static final String WAREHOUSE = "7068517275539719942";
    static final long INITIAL_STOCK = 100;
    /** TikTok's code for a product or SKU the shop does not have. */
    static final long PRODUCT_NOT_FOUND = 12052048;
    private static final Pattern PRODUCT = Pattern.compile("/product/202309/products/(\\d+)");
    private static final Pattern UPDATE = Pattern.compile("/product/202309/products/(\\d+)/inventory/update");

    /** shop id → TikTok SKU id → warehouse → quantity. */
    private final Map<String, Map<String, Map<String, Long>>> stock = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> updates = new ConcurrentHashMap<>();

    /** Answers a product API call, or empty when the path is not one. */
    Optional<ObjectNode> handle(SimShop shop, String method, String path, Map<String, String> query, JsonNode body) {
        Matcher m;
        if (method.equals("POST") && path.equals("/product/202309/products/search")) {
            return Optional.of(search(shop, query));
        }
        if (method.equals("POST") && path.equals("/product/202309/inventory/search")) {
            return Optional.of(inventorySearch(shop, body));
        }
        if (method.equals("POST") && (m = UPDATE.matcher(path)).matches()) {
            return Optional.of(update(shop, m.group(1), body));
        }
        if (method.equals("GET") && (m = PRODUCT.matcher(path)).matches()) {
            List<String> ids = productIds();
            return Optional.of(ids.contains(m.group(1)) ? TikTokShopSimulator.ok(product(shop, m.group(1)))
                    : TikTokShopSimulator.error(PRODUCT_NOT_FOUND, "product " + m.group(1) + " not found"));
        }
        return Optional.empty();
    }

    private static List<String> productIds() {
        return SimCatalog.PRODUCTS.stream().map(SimCatalog.Product::productId).distinct().toList();
    }

    private Map<String, Long> skuStock(String shopId, String skuId) {
        return stock.computeIfAbsent(shopId, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(skuId, k -> new ConcurrentHashMap<>(Map.of(WAREHOUSE, INITIAL_STOCK)));
    }

    private ObjectNode product(SimShop shop, String productId) {
        ObjectNode product = Json.object();
        product.put("id", productId);
        product.put("status", "ACTIVATE");
        ArrayNode skus = product.putArray("skus");
        for (SimCatalog.Product p : SimCatalog.PRODUCTS) {
            if (!p.productId().equals(productId)) {
                continue;
            }
            product.put("title", p.name());
            ObjectNode sku = skus.addObject().put("id", p.skuId()).put("seller_sku", p.sellerSku());
            sku.putObject("price").put("currency", "USD").put("sale_price", p.price());
            ArrayNode inventory = sku.putArray("inventory");
            skuStock(shop.id(), p.skuId()).forEach((warehouse, quantity) -> inventory.addObject()
                    .put("warehouse_id", warehouse).put("quantity", quantity));
        }
        return product;
    }

    private ObjectNode search(SimShop shop, Map<String, String> query) {
        int pageSize = Math.max(1, Math.min(100, Integer.parseInt(query.getOrDefault("page_size", "20"))));
        int offset = query.containsKey("page_token") ? Integer.parseInt(query.get("page_token")) : 0;
        List<String> ids = productIds();
        ObjectNode data = Json.object();
        ArrayNode products = data.putArray("products");
        ids.stream().skip(offset).limit(pageSize).forEach(id -> products.add(product(shop, id)));
        int next = offset + pageSize;
        data.put("next_page_token", next < ids.size() ? Integer.toString(next) : "");
        data.put("total_count", ids.size());
        return TikTokShopSimulator.ok(data);
    }

    private ObjectNode inventorySearch(SimShop shop, JsonNode body) {
        List<String> wanted = new ArrayList<>();
        body.path("sku_ids").forEach(id -> wanted.add(id.asText()));
        ObjectNode data = Json.object();
        ArrayNode list = data.putArray("inventory");
        for (SimCatalog.Product p : SimCatalog.PRODUCTS) {
            if (!wanted.isEmpty() && !wanted.contains(p.skuId())) {
                continue;
            }
            ObjectNode sku = list.addObject().put("product_id", p.productId()).putArray("skus").addObject()
                    .put("id", p.skuId()).put("seller_sku", p.sellerSku());
            Map<String, Long> levels = skuStock(shop.id(), p.skuId());
            sku.put("total_available_quantity", levels.values().stream().mapToLong(Long::longValue).sum());
            ArrayNode warehouses = sku.putArray("warehouse_inventory");
            levels.forEach((w, q) -> warehouses.addObject().put("warehouse_id", w).put("available_quantity", q));
        }
        return TikTokShopSimulator.ok(data);
    }

    private ObjectNode update(SimShop shop, String productId, JsonNode body) {
        JsonNode skus = body.path("skus");
        if (!skus.isArray() || skus.isEmpty()) {
            return TikTokShopSimulator.error(12052700, "skus is required");
        }
        Map<String, Map<String, Long>> changes = new LinkedHashMap<>();
        for (JsonNode sku : skus) {
            String skuId = sku.path("id").asText("");
            boolean known = SimCatalog.PRODUCTS.stream().anyMatch(p -> p.productId().equals(productId)
                    && p.skuId().equals(skuId));
            if (!known) {
                return TikTokShopSimulator.error(PRODUCT_NOT_FOUND, "SKU " + skuId + " is not a SKU of product "
                        + productId);
            }
            JsonNode inventory = sku.path("inventory");
            if (!inventory.isArray() || inventory.isEmpty()) {
                return TikTokShopSimulator.error(12052700, "skus[].inventory is required");
            }
            Map<String, Long> levels = new LinkedHashMap<>();
            for (JsonNode entry : inventory) {
                String warehouse = entry.path("warehouse_id").asText("");
                long quantity = entry.path("quantity").asLong(-1);
                if (!WAREHOUSE.equals(warehouse) || quantity < 0 || quantity > 99_999) {
                    return TikTokShopSimulator.error(12052700, "warehouse_id must be one of the shop's warehouses "
                            + "and quantity 0 to 99999");
                }
                levels.put(warehouse, quantity);
            }
            changes.put(skuId, levels);
        }
        changes.forEach((skuId, levels) -> skuStock(shop.id(), skuId).putAll(levels));
        updates.computeIfAbsent(shop.id(), k -> new AtomicLong()).incrementAndGet();
        return TikTokShopSimulator.ok(Json.object());
    }

    /** A SKU's listing stock in the warehouse, by seller SKU. */
    long stock(String shopId, String sellerSku) {
        return skuStock(shopId, skuIdOf(sellerSku)).getOrDefault(WAREHOUSE, 0L);
    }

    /** Sets a SKU's listing stock behind our back (a change made in Seller Center: drift). */
    void setStock(String shopId, String sellerSku, long quantity) {
        skuStock(shopId, skuIdOf(sellerSku)).put(WAREHOUSE, quantity);
    }

    /** Inventory updates accepted for a shop. */
    long updates(String shopId) {
        AtomicLong count = updates.get(shopId);
        return count == null ? 0 : count.get();
    }

    private static String skuIdOf(String sellerSku) {
        return SimCatalog.PRODUCTS.stream().filter(p -> p.sellerSku().equals(sellerSku)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no simulated product " + sellerSku)).skuId();
    }
}
