package com.creatorflow.shared.inventory;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.http.Problem;
import com.creatorflow.shared.inventory.domain.Bundle;
import com.creatorflow.shared.inventory.domain.InventoryInput;
import com.creatorflow.shared.inventory.domain.InventorySettings;
import com.creatorflow.shared.inventory.domain.ReturnRestock;
import com.creatorflow.shared.inventory.domain.ShortagePolicy;
import com.creatorflow.shared.inventory.domain.StockCsv;
import com.creatorflow.shared.inventory.domain.StockImportRejected;
import com.creatorflow.shared.inventory.domain.StockLevel;
import com.creatorflow.shared.inventory.domain.WaitingOrder;
import com.creatorflow.shared.store.domain.Page;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The inventory API's routes, each reading its request, calling the inventory service and shaping the answer. */
public final class InventoryRoutes {
    private static final int MAX_IMPORT_BYTES = 5 * 1024 * 1024;
    private static final int MAX_COMPONENTS = 20;

    private final InventoryService service;
    private final InventoryRepository inventory;
    private final StockImport stockImport;

    /** The routes over an inventory service. */
    public InventoryRoutes(InventoryService service) {
        this.service = service;
        this.inventory = service.repository();
        this.stockImport = new StockImport(service);
    }

    /** A page of the tenant's stock items. */
    public APIGatewayV2HTTPResponse listStock(ApiRequest request, String tenant) {
        Page<StockLevel> page = inventory.listStock(tenant, request.queryInt("limit", 50, 1, 100),
                request.query("cursor").orElse(null));
        return ApiResponses.json(200, page);
    }

    /** One SKU's stock over all locations. */
    public APIGatewayV2HTTPResponse getStock(ApiRequest request, String tenant) {
        return ApiResponses.json(200, StockView.of(inventory.stock(tenant, sku(request))));
    }

    /** Changes a SKU's on-hand units at a location, with a reason. */
    public APIGatewayV2HTTPResponse adjust(ApiRequest request, String tenant) {
        String sku = sku(request);
        JsonNode body = request.jsonBody("location", "delta", "reason");
        String location = location(JsonFields.text(body, "location", false, 40)
                .orElse(InventoryInput.DEFAULT_LOCATION));
        long delta = JsonFields.whole(body, "delta", -InventoryInput.MAX_UNITS, InventoryInput.MAX_UNITS)
                .orElseThrow(() -> new ValidationFailed("delta", "delta is required"));
        if (delta == 0) {
            throw new ValidationFailed("delta", "delta must not be 0");
        }
        String reason = JsonFields.text(body, "reason", true, 200).orElseThrow();
        StockAdjustments.StockChange change = service.stock().adjust(tenant, sku, location, delta, reason,
                actor(request));
        return ApiResponses.json(200, Map.of("stock", StockView.of(change.stock()),
                "resumedOrders", change.resumedOrders()));
    }

    /** A SKU's movements, newest first. */
    public APIGatewayV2HTTPResponse movements(ApiRequest request, String tenant) {
        return ApiResponses.json(200, inventory.movements(tenant, sku(request),
                request.queryInt("limit", 50, 1, 100), request.query("cursor").orElse(null)));
    }

    /** Sets or clears a SKU's low-stock threshold. */
    public APIGatewayV2HTTPResponse threshold(ApiRequest request, String tenant) {
        String sku = sku(request);
        Long threshold = JsonFields.whole(request.jsonBody("lowThreshold"), "lowThreshold", 0, InventoryInput.MAX_UNITS)
                .orElse(null);
        inventory.catalog().setThreshold(tenant, sku, threshold);
        service.lowStock().evaluate(tenant, List.of(sku));
        return ApiResponses.json(200, StockView.of(inventory.stock(tenant, sku)));
    }

    /** Sets stock counts from a CSV body. */
    public APIGatewayV2HTTPResponse importCsv(ApiRequest request, String tenant) {
        byte[] csv = request.bodyBytes(MAX_IMPORT_BYTES);
        if (csv.length == 0) {
            throw new ValidationFailed("body", "a CSV body is required (columns sku, location, quantity)");
        }
        boolean partial = request.query("partial").map(Boolean::parseBoolean).orElse(false);
        try {
            return ApiResponses.json(200, stockImport.importCsv(tenant, csv, partial, actor(request)));
        } catch (StockImportRejected rejected) {
            return ApiResponses.problem(rejected.problem());
        }
    }

    /** The tenant's stock as CSV. */
    public APIGatewayV2HTTPResponse exportCsv(String tenant) {
        List<StockLevel> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<StockLevel> page = inventory.listStock(tenant, 100, cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "text/csv; charset=utf-8",
                        "Content-Disposition", "attachment; filename=\"stock.csv\""))
                .withBody(StockCsv.export(all)).build();
    }

    /** The tenant's bundles. */
    public APIGatewayV2HTTPResponse listBundles(String tenant) {
        return ApiResponses.json(200, Map.of("items", inventory.catalog().bundles(tenant)));
    }

    /** Creates or replaces a bundle. */
    public APIGatewayV2HTTPResponse putBundle(ApiRequest request, String tenant) {
        String sku = sku(request);
        JsonNode components = request.jsonBody("components").get("components");
        if (components == null || !components.isArray() || components.isEmpty()
                || components.size() > MAX_COMPONENTS) {
            throw new ValidationFailed("components", "components must list 1 to " + MAX_COMPONENTS + " SKUs");
        }
        List<Bundle.Component> parts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < components.size(); i++) {
            String field = "components[" + i + "]";
            JsonNode node = components.get(i);
            if (node instanceof ObjectNode object) {
                ApiRequest.onlyFields(object, field, "sku", "quantity");
            }
            String component = JsonFields.text(node, "sku", true, 100).orElseThrow();
            InventoryInput.skuProblem(component).ifPresent(p -> {
                throw new ValidationFailed(field + ".sku", p);
            });
            if (component.equals(sku) || !seen.add(component)) {
                throw new ValidationFailed(field + ".sku", "a component must differ from the bundle and the "
                        + "other components");
            }
            long quantity = JsonFields.whole(node, "quantity", 1, 1000)
                    .orElseThrow(() -> new ValidationFailed(field + ".quantity", "quantity is required"));
            parts.add(new Bundle.Component(component, (int) quantity));
        }
        if (!inventory.catalog().bundles(tenant, seen).isEmpty()) {
            throw new ValidationFailed("components", "a component may not itself be a bundle");
        }
        boolean usedInAnother = inventory.catalog().bundles(tenant).stream()
                .anyMatch(b -> b.components().stream().anyMatch(c -> c.sku().equals(sku)));
        if (usedInAnother) {
            throw new ValidationFailed("sku", sku + " is a component of another bundle");
        }
        Bundle bundle = new Bundle(sku, parts);
        inventory.catalog().putBundle(tenant, bundle);
        return ApiResponses.json(200, bundle);
    }

    /** Deletes a bundle. */
    public APIGatewayV2HTTPResponse deleteBundle(ApiRequest request, String tenant) {
        return inventory.catalog().deleteBundle(tenant, sku(request)) ? ApiResponses.empty(204)
                : ApiResponses.problem(Problem.of(404, "BundleNotFound",
                        "no bundle " + request.path("sku")));
    }

    /**
     * A waiting order as the API shows it (never its task token, which could resume the workflow).
     *
     * @param orderId the order
     * @param needs units per stocked SKU
     * @param since when it started waiting
     */
    record Backorder(String orderId, Map<String, Integer> needs, java.time.Instant since) {
    }

    /** A page of the orders waiting for stock. */
    public APIGatewayV2HTTPResponse backorders(ApiRequest request, String tenant) {
        Page<WaitingOrder> page = inventory.backorders().list(tenant, request.queryInt("limit", 50, 1, 100),
                request.query("cursor").orElse(null));
        return ApiResponses.json(200, new Page<>(page.items().stream()
                .map(w -> new Backorder(w.orderId(), w.needs(), w.since())).toList(), page.nextCursor()));
    }

    /** The tenant's inventory settings. */
    public APIGatewayV2HTTPResponse getSettings(String tenant) {
        return ApiResponses.json(200, inventory.catalog().settings(tenant));
    }

    /** Replaces the tenant's inventory settings. */
    public APIGatewayV2HTTPResponse putSettings(ApiRequest request, String tenant) {
        JsonNode body = request.jsonBody("locationPriority", "onShortage", "onReturn", "restockOnReturn");
        List<String> priority = new ArrayList<>();
        JsonNode locations = body.get("locationPriority");
        if (locations != null && !locations.isNull()) {
            if (!locations.isArray() || locations.size() > 50) {
                throw new ValidationFailed("locationPriority", "locationPriority must list at most 50 locations");
            }
            locations.forEach(node -> priority.add(location(node.asText(), "locationPriority")));
        }
        ShortagePolicy policy = JsonFields.text(body, "onShortage", false, 10).map(text -> {
            try {
                return ShortagePolicy.valueOf(text);
            } catch (IllegalArgumentException e) {
                throw new ValidationFailed("onShortage", "onShortage must be WAIT or REVIEW");
            }
        }).orElse(ShortagePolicy.WAIT);
        ReturnRestock onReturn = JsonFields.text(body, "onReturn", false, 20).map(text -> {
            try {
                return ReturnRestock.valueOf(text);
            } catch (IllegalArgumentException e) {
                throw new ValidationFailed("onReturn", "onReturn must be RESTOCK, DONT_RESTOCK or INSPECT");
            }
        }).orElse(null);
        if (body.hasNonNull("restockOnReturn")) {
            ReturnRestock legacy = JsonFields.bool(body, "restockOnReturn", false) ? ReturnRestock.RESTOCK
                    : ReturnRestock.DONT_RESTOCK;
            if (onReturn != null && onReturn != legacy) {
                throw new ValidationFailed("restockOnReturn", "restockOnReturn contradicts onReturn; send onReturn only");
            }
            onReturn = legacy;
        }
        InventorySettings settings = new InventorySettings(priority, policy, onReturn);
        inventory.catalog().putSettings(tenant, settings);
        return ApiResponses.json(200, settings);
    }

    /** Records a person's inspection of a returned order. */
    public APIGatewayV2HTTPResponse inspectReturn(ApiRequest request, String tenant) {
        String orderId = request.path("orderId");
        JsonNode body = request.jsonBody("restock");
        JsonNode restock = body.get("restock");
        if (restock == null || !restock.isBoolean()) {
            throw new ValidationFailed("restock", "restock is required: true puts the units back on hand, false keeps "
                    + "them out");
        }
        return ApiResponses.json(200, service.returns().inspectReturn(tenant, orderId, restock.asBoolean()));
    }

    private static String sku(ApiRequest request) {
        String sku = request.path("sku");
        InventoryInput.skuProblem(sku).ifPresent(problem -> {
            throw new ValidationFailed("sku", problem);
        });
        return sku;
    }

    private static String location(String location) {
        return location(location, "location");
    }

    private static String location(String location, String field) {
        InventoryInput.locationProblem(location).ifPresent(problem -> {
            throw new ValidationFailed(field, problem);
        });
        return location;
    }

    private static String actor(ApiRequest request) {
        return "user:" + request.subject();
    }
}
