package com.creatorflow.rules.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiHandler;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.rules.RuleSet;
import com.creatorflow.shared.rules.RulesService;
import java.util.HashMap;
import java.util.Map;

/**
 * The creators' rules API (docs/api/rules.yaml): read the active rules and older versions, save a new version
 * (validated; a bad pattern is a 400 naming the rule and the problem), and dry-run rules on a sample or stored order.
 * The tenant always comes from the caller's token; requests count against the tenant's rate limit.
 */
public final class RulesApiHandler extends ApiHandler {
    /** A rule set holds up to 100 rules with patterns of up to 4,096 characters each. */
    private static final int RULES_BODY_BYTES = 1024 * 1024;
    private final RulesService rules;

    /** Lambda's constructor: collaborators from the process environment. */
    public RulesApiHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public RulesApiHandler(Env env) {
        this(RulesService.fromEnv(env), ApiGuard.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public RulesApiHandler(RulesService rules, ApiGuard guard) {
        super(guard);
        this.rules = rules;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
        return switch (request.routeKey()) {
            case "GET /v1/rules" -> {
                RuleSet active = rules.active(tenant);
                yield ApiResponses.json(200, active, active.version());
            }
            case "PUT /v1/rules" -> save(request, tenant);
            case "GET /v1/rules/versions" -> ApiResponses.json(200,
                    Map.of("items", rules.versions(tenant, request.queryInt("limit", 20, 1, 100))));
            case "GET /v1/rules/versions/{version}" -> {
                RuleSet version = rules.version(tenant, version(request.path("version")));
                yield ApiResponses.json(200, version, version.version());
            }
            case "POST /v1/rules/dry-run" -> ApiResponses.json(200, rules.dryRun(tenant, request.jsonBody(
                    RULES_BODY_BYTES, "orderId", "order", "rules", "timeZone", "version", "at")));
            default -> noRoute(request);
        };
    }

    private APIGatewayV2HTTPResponse save(ApiRequest request, String tenant) {
        RuleSet saved = rules.save(tenant, request.jsonBody(RULES_BODY_BYTES, "timeZone", "rules", "basedOnVersion"),
                request.ifMatchVersion().orElse(null), "user:" + request.subject());
        Telemetry.count("RuleSetSaved");
        APIGatewayV2HTTPResponse response = ApiResponses.json(201, saved, saved.version());
        Map<String, String> headers = new HashMap<>(response.getHeaders());
        headers.put("Location", "/v1/rules/versions/" + saved.version());
        response.setHeaders(headers);
        return response;
    }

    private static long version(String text) {
        try {
            long version = Long.parseLong(text);
            if (version < 1) {
                throw new NumberFormatException();
            }
            return version;
        } catch (NumberFormatException e) {
            throw new ValidationFailed("version", "version must be a whole number from 1");
        }
    }
}
