package com.creatorflow.inventory.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.http.Problem;
import com.creatorflow.shared.inventory.InventoryService;

/**
 * The creators' inventory API ({@code /v1/inventory/...}): stock per SKU over all locations, adjustments with a
 * reason, movement history, CSV import and export, bundles, low-stock thresholds, settings and the back-order list.
 * The tenant always comes from the caller's token.
 */
public final class InventoryApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final InventoryRoutes routes;
    private final ApiGuard guard;

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
        this.routes = new InventoryRoutes(inventory);
        this.guard = guard;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return guard.serve(event, context, this::route);
    }

    private APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
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
            default -> ApiResponses.problem(Problem.of(404, "RouteNotFound", "no route " + request.routeKey()));
        };
    }
}
