package com.creatorflow.shared.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.observability.Telemetry;
import java.time.Clock;
import java.util.function.BiFunction;

/**
 * The one entry of the creators' API functions: telemetry, the caller's tenant from the authorizer's claims, the
 * per-tenant rate limit, and errors turned into problem documents. A route receives the request and the tenant.
 */
public final class ApiGuard {
    /** Requests per second a tenant may make when {@code API_RATE_LIMIT_PER_SECOND} is not set. */
    public static final int DEFAULT_PER_SECOND = 50;

    private final TenantRateLimiter limiter;

    public ApiGuard(TenantRateLimiter limiter) {
        this.limiter = limiter;
    }

    /** The guard of a function: the limiter on {@code RATE_LIMIT_TABLE}. */
    public static ApiGuard fromEnv(Env env) {
        return new ApiGuard(new TenantRateLimiter(env.aws().dynamo(), env.require("RATE_LIMIT_TABLE"),
                env.getInt("API_RATE_LIMIT_PER_SECOND", DEFAULT_PER_SECOND), Clock.systemUTC()));
    }

    /** Serves one API event. */
    public APIGatewayV2HTTPResponse serve(APIGatewayV2HTTPEvent event, Context context,
                                          BiFunction<ApiRequest, String, APIGatewayV2HTTPResponse> route) {
        return Telemetry.invoke(context, () -> ApiResponses.handle(() -> {
            ApiRequest request = new ApiRequest(event);
            String tenant = request.tenantId();
            Telemetry.correlate(Telemetry.TENANT_ID, tenant);
            limiter.acquire(tenant);
            return route.apply(request, tenant);
        }));
    }
}
