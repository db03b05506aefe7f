package com.creatorflow.inventory.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiHandler;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.inventory.InventoryRoutes;
import com.creatorflow.shared.inventory.InventoryService;

/**
 * The creators' inventory API ({@code /v1/inventory/...}): stock per SKU over all locations, adjustments with a
 * reason, movement history, CSV import and export, bundles, low-stock thresholds, settings and the back-order list.
 * The tenant always comes from the caller's token.
 */
public final class InventoryApiHandler extends ApiHandler {
    private final InventoryRoutes routes;

    /** Lambda's constructor. */
    public InventoryApiHandler() {
        this(Env.system());
    }

    /** Collaborators from an environment (local runtime). */
    public InventoryApiHandler(Env env) {
        this(InventoryService.fromEnv(env), ApiGuard.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public InventoryApiHandler(InventoryService inventory, ApiGuard guard) {
        super(guard);
        this.routes = new InventoryRoutes(inventory);
    }

    @Override
    protected APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
        return switch (request.routeKey()) {
            case "GET /v1/inventory/skus" -> routes.listStock(request, tenant);
            case "GET /v1/inventory/skus/{sku}" -> routes.getStock(request, tenant);
            case "POST /v1/inventory/skus/{sku}/adjustments" -> routes.adjust(request, tenant);
            case "GET /v1/inventory/skus/{sku}/movements" -> routes.movements(request, tenant);
            case "PUT /v1/inventory/skus/{sku}/threshold" -> routes.threshold(request, tenant);
            case "POST /v1/inventory/import" -> routes.importCsv(request, tenant);
            case "GET /v1/inventory/export" -> routes.exportCsv(tenant);
            case "GET /v1/inventory/bundles" -> routes.listBundles(tenant);
            case "PUT /v1/inventory/bundles/{sku}" -> routes.putBundle(request, tenant);
            case "DELETE /v1/inventory/bundles/{sku}" -> routes.deleteBundle(request, tenant);
            case "GET /v1/inventory/backorders" -> routes.backorders(request, tenant);
            case "GET /v1/inventory/settings" -> routes.getSettings(tenant);
            case "PUT /v1/inventory/settings" -> routes.putSettings(request, tenant);
            case "POST /v1/inventory/returns/{orderId}/inspection" -> routes.inspectReturn(request, tenant);
            default -> noRoute(request);
        };
    }
}
