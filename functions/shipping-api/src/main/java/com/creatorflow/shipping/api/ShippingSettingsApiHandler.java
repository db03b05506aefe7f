package com.creatorflow.shipping.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiHandler;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.setup.SetupReadiness;
import com.creatorflow.shared.shipping.ShippingSettingsInput;
import com.creatorflow.shared.shipping.ShippingSettingsService;
import com.creatorflow.shared.shipping.carrier.CarrierAccounts;
import java.util.Map;

/**
 * The creators' shipping settings API (docs/api/shipping.yaml): the versioned settings (ship-from addresses,
 * carriers and services, strategy, packaging, label format, handling time, hold window), SKU shipping profiles with
 * CSV import and export, the ready-to-ship check, and the creator's own carrier accounts (credentials masked, a
 * check-connection action). The tenant always comes from the caller's token.
 */
public final class ShippingSettingsApiHandler extends ApiHandler {
    private static final int MAX_IMPORT_BYTES = 5 * 1024 * 1024;

    private final ShippingSettingsService settings;
    private final SetupReadiness readiness;
    private final CarrierAccounts accounts;

    /** Lambda's constructor: collaborators from the process environment. */
    public ShippingSettingsApiHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public ShippingSettingsApiHandler(Env env) {
        this(ShippingSettingsService.fromEnv(env), SetupReadiness.fromEnv(env), CarrierAccounts.fromEnv(env),
                ApiGuard.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public ShippingSettingsApiHandler(ShippingSettingsService settings, SetupReadiness readiness,
                                      CarrierAccounts accounts, ApiGuard guard) {
        super(guard);
        this.settings = settings;
        this.readiness = readiness;
        this.accounts = accounts;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
        String actor = "user:" + request.subject();
        return switch (request.routeKey()) {
            case "GET /v1/shipping/settings" -> ApiResponses.json(200, settings.settings(tenant));
            case "PUT /v1/shipping/settings" -> {
                Telemetry.count("ShippingSettingsSaved");
                yield ApiResponses.json(200, settings.save(tenant,
                        request.jsonBody(ShippingSettingsInput.SETTINGS_FIELDS.toArray(String[]::new)), actor));
            }
            case "GET /v1/shipping/settings/versions" -> ApiResponses.json(200,
                    Map.of("items", settings.versions(tenant, request.queryInt("limit", 20, 1, 100))));
            case "GET /v1/shipping/profiles" -> ApiResponses.json(200, settings.profiles(tenant,
                    request.queryInt("limit", 50, 1, 100), request.query("cursor").orElse(null)));
            case "GET /v1/shipping/profiles/{sku}" -> ApiResponses.json(200,
                    settings.profile(tenant, request.path("sku")));
            case "PUT /v1/shipping/profiles/{sku}" -> ApiResponses.json(200,
                    settings.putProfile(tenant, request.path("sku"),
                            request.jsonBody(ShippingSettingsInput.PROFILE_FIELDS.toArray(String[]::new)), actor));
            case "DELETE /v1/shipping/profiles/{sku}" -> {
                settings.deleteProfile(tenant, request.path("sku"));
                yield ApiResponses.empty(204);
            }
            case "POST /v1/shipping/profiles/import" -> ApiResponses.json(200,
                    settings.importProfiles(tenant, csv(request), actor));
            case "GET /v1/shipping/profiles/export" -> APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                    .withHeaders(Map.of("Content-Type", "text/csv; charset=utf-8",
                            "Content-Disposition", "attachment; filename=\"shipping-profiles.csv\""))
                    .withBody(settings.exportProfiles(tenant)).build();
            case "GET /v1/setup/readiness" -> ApiResponses.json(200, readiness.check(tenant));
            case "GET /v1/shipping/carrier-accounts" -> ApiResponses.json(200,
                    Map.of("items", accounts.list(tenant)));
            case "PUT /v1/shipping/carrier-accounts/{adapter}" -> ApiResponses.json(200, accounts.save(tenant,
                    request.path("adapter"), request.jsonBody(CarrierAccounts.FIELDS.toArray(String[]::new)), actor));
            case "DELETE /v1/shipping/carrier-accounts/{adapter}" -> {
                accounts.delete(tenant, request.path("adapter"));
                yield ApiResponses.empty(204);
            }
            case "POST /v1/shipping/carrier-accounts/{adapter}/check" -> ApiResponses.json(200,
                    accounts.check(tenant, request.path("adapter")));
            default -> noRoute(request);
        };
    }

    private static byte[] csv(ApiRequest request) {
        byte[] csv = request.bodyBytes();
        if (csv.length == 0) {
            throw new ValidationFailed("body", "a CSV body is required (columns sku, weightGrams, lengthMm, "
                    + "widthMm, heightMm, hsCode, shipsAlone)");
        }
        if (csv.length > MAX_IMPORT_BYTES) {
            throw new ValidationFailed("body", "the file must be at most " + MAX_IMPORT_BYTES + " bytes");
        }
        return csv;
    }
}
