package com.creatorflow.shared.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.Forbidden;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.team.Role;
import com.creatorflow.shared.team.TeamMembers;
import java.time.Clock;
import java.util.function.BiFunction;

/**
 * The one entry of the creators' API functions: telemetry, the route's {@link Permission} from
 * {@link RoutePermissions}, the per-token and per-tenant rate limits, the caller's tenant and member from the
 * authorizer's claims checked against the team ({@link TeamMembers}: a removed member or a changed role is refused),
 * the role against the permission, and errors turned into problem documents. A route receives the request and the
 * tenant (null only on a {@link Permission#SIGNED_IN} route whose token names none).
 */
public final class ApiGuard {
    /** Requests per second a tenant may make when {@code API_RATE_LIMIT_PER_SECOND} is not set. */
    public static final int DEFAULT_PER_SECOND = 50;
    /** Requests per second one token may make when {@code API_TOKEN_RATE_LIMIT_PER_SECOND} is not set. */
    public static final int DEFAULT_PER_TOKEN_PER_SECOND = 20;

    private final RateLimiter limiter;
    private final TeamMembers members;

    public ApiGuard(RateLimiter limiter, TeamMembers members) {
        this.limiter = limiter;
        this.members = members;
    }

    /** The guard of a function: the limiter on {@code RATE_LIMIT_TABLE}, the team on {@code TEAM_TABLE}. */
    public static ApiGuard fromEnv(Env env) {
        return new ApiGuard(new RateLimiter(env.aws().dynamo(), env.require("RATE_LIMIT_TABLE"),
                env.getInt("API_TOKEN_RATE_LIMIT_PER_SECOND", DEFAULT_PER_TOKEN_PER_SECOND),
                env.getInt("API_RATE_LIMIT_PER_SECOND", DEFAULT_PER_SECOND), Clock.systemUTC()),
                TeamMembers.fromEnv(env));
    }

    /** Serves one API event. */
    public APIGatewayV2HTTPResponse serve(APIGatewayV2HTTPEvent event, Context context,
                                          BiFunction<ApiRequest, String, APIGatewayV2HTTPResponse> route) {
        return Telemetry.invoke(context, () -> ApiResponses.handle(() -> {
            ApiRequest request = new ApiRequest(event);
            Permission permission = RoutePermissions.of(request.routeKey()).orElseThrow(() -> new Forbidden(
                    "route " + request.routeKey() + " declares no permission"));
            if (permission == Permission.PUBLIC) {
                throw new Forbidden("route " + request.routeKey() + " is not served to signed-in callers");
            }
            Role claimed = request.claim(ApiRequest.ROLE_CLAIM).map(text -> Role.parse(ApiRequest.ROLE_CLAIM, text))
                    .orElse(null);
            String tenant = permission.needsMember() ? request.tenantId()
                    : request.claim(ApiRequest.TENANT_CLAIM).orElse(null);
            if (tenant != null) {
                Telemetry.correlate(Telemetry.TENANT_ID, tenant);
            }
            if (claimed != null && !permission.allows(claimed)) {
                throw refused(claimed, permission);
            }
            limiter.acquire(request.tokenKey(), tenant);
            if (permission.needsMember()) {
                Role role = members.verify(tenant, request.memberId(), claimed);
                if (!permission.allows(role)) {
                    throw refused(role, permission);
                }
                request.verified(role);
            }
            return route.apply(request, tenant);
        }));
    }

    private static Forbidden refused(Role role, Permission permission) {
        return new Forbidden("the role " + role.claim() + " does not have the permission " + permission);
    }
}
