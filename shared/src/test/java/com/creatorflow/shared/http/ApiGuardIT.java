package com.creatorflow.shared.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.team.Role;
import com.creatorflow.shared.team.TeamMembers;
import com.creatorflow.shared.team.TeamService;
import com.creatorflow.shared.testing.TestStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The API guard against the local DynamoDB: the route's permission against the member's role, the member checked
 * against the team (founding, removal, changed role), and the per-token and per-tenant rate limits.
 */
class ApiGuardIT {
    private static final Clock FROZEN = Clock.fixed(Instant.parse("2026-12-01T12:00:00Z"), ZoneOffset.UTC);
    private final TestStack stack = TestStack.get();
    private final String table = stack.tables().get("TeamTable");
    private final TeamService team = new TeamService(stack.env().aws().dynamo(), table,
            PiiCipher.fromEnv(stack.env()), Clock.systemUTC());
    private final String tenant = TestStack.tenant();

    private ApiGuard guard(int perToken, int perTenant, Duration cache) {
        return new ApiGuard(new RateLimiter(stack.env().aws().dynamo(), stack.tables().get("RateLimitTable"),
                perToken, perTenant, FROZEN), new TeamMembers(stack.env().aws().dynamo(), table, cache,
                Clock.systemUTC()));
    }

    private static APIGatewayV2HTTPEvent event(String routeKey, String tenantId, String member, String role,
                                               String jti) {
        Map<String, String> claims = new HashMap<>(Map.of("sub", member, "member_id", member, "jti", jti));
        if (tenantId != null) {
            claims.put(ApiRequest.TENANT_CLAIM, tenantId);
        }
        if (role != null) {
            claims.put("role", role);
        }
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer
                .JWT();
        jwt.setClaims(claims);
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext
                .Authorizer();
        authorizer.setJwt(jwt);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setAuthorizer(authorizer);
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRouteKey(routeKey);
        event.setRequestContext(context);
        event.setHeaders(Map.of());
        return event;
    }

    private static APIGatewayV2HTTPResponse call(ApiGuard guard, APIGatewayV2HTTPEvent event) {
        return guard.serve(event, LocalLambdaContext.forTest("GuardTest"),
                (request, tenantId) -> ApiResponses.json(200, Map.of("tenant", String.valueOf(tenantId))));
    }

    private static String title(APIGatewayV2HTTPResponse response) {
        return Json.tree(response.getBody()).path("title").asText();
    }

    /** The tenant's team founded by its owner, with a member of the given role joined through an invitation. */
    private void join(String owner, String member, Role role) {
        call(guard(100, 100, Duration.ZERO), event("GET /v1/team", tenant, owner, "owner", "t-" + UUID.randomUUID()));
        String token = team.invite(tenant, member + "@example.com", role, null, "user:" + owner).token();
        team.accept(token, member);
    }

    @Test
    void theFirstSignedInIdentityFoundsTheTeamAndAStrangerOfTheTenantIsRefused() {
        ApiGuard guard = guard(100, 100, Duration.ZERO);
        assertThat(call(guard, event("GET /v1/team", tenant, "founder", null, "a")).getStatusCode()).isEqualTo(200);
        assertThat(team.list(tenant).members()).singleElement()
                .satisfies(m -> assertThat(m.role()).isEqualTo("owner"));
        APIGatewayV2HTTPResponse stranger = call(guard, event("GET /v1/orders", tenant, "stranger", "owner", "b"));
        assertThat(stranger.getStatusCode()).isEqualTo(403);
        assertThat(title(stranger)).isEqualTo("Forbidden");
    }

    @Test
    void aRoleWithoutTheRoutesPermissionIsRefusedAndOneWithItServed() {
        join("owner-1", "packer-1", Role.PACKER);
        ApiGuard guard = guard(100, 100, Duration.ZERO);
        assertThat(call(guard, event("POST /v1/labels/batch", tenant, "packer-1", "packer", "p1")).getStatusCode())
                .isEqualTo(200);
        assertThat(call(guard, event("POST /v1/orders/{orderId}/shipped", tenant, "packer-1", "packer", "p1"))
                .getStatusCode()).isEqualTo(200);
        for (String denied : new String[] {"PUT /v1/rules", "PUT /v1/notification-preferences",
                "PUT /v1/inventory/settings", "POST /v1/team/invitations", "GET /v1/team"}) {
            APIGatewayV2HTTPResponse refused = call(guard, event(denied, tenant, "packer-1", "packer", "p1"));
            assertThat(refused.getStatusCode()).as(denied).isEqualTo(403);
            assertThat(Json.tree(refused.getBody()).path("detail").asText()).contains("packer");
        }
    }

    @Test
    void aTokenWhoseRoleIsNotTheMembersAnyMoreIsRefused() {
        join("owner-2", "m-2", Role.MANAGER);
        team.changeRole(tenant, "m-2", Role.VIEWER, "user:owner-2");
        APIGatewayV2HTTPResponse stale = call(guard(100, 100, Duration.ZERO),
                event("GET /v1/orders", tenant, "m-2", "manager", "m2"));
        assertThat(stale.getStatusCode()).isEqualTo(403);
        assertThat(Json.tree(stale.getBody()).path("detail").asText()).contains("sign in again");
    }

    @Test
    void aRemovedMembersTokenIsRefusedOnceTheCacheTimeHasPassed() throws Exception {
        join("owner-3", "m-3", Role.VIEWER);
        ApiGuard guard = guard(100, 100, Duration.ofMillis(300));
        APIGatewayV2HTTPEvent read = event("GET /v1/orders", tenant, "m-3", "viewer", "m3");
        assertThat(call(guard, read).getStatusCode()).isEqualTo(200);
        team.remove(tenant, "m-3", "user:owner-3");
        Thread.sleep(400);
        assertThat(call(guard, read).getStatusCode()).isEqualTo(403);
    }

    @Test
    void aRouteWithoutADeclaredPermissionIsRefused() {
        APIGatewayV2HTTPResponse refused = call(guard(100, 100, Duration.ZERO),
                event("GET /v1/undeclared", tenant, "owner-4", "owner", "u"));
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(Json.tree(refused.getBody()).path("detail").asText()).contains("declares no permission");
    }

    @Test
    void oneTokenOverItsLimitGets429WhileAnotherTokenOfTheTenantIsServed() {
        ApiGuard guard = guard(2, 100, Duration.ZERO);
        String busy = "busy-" + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            assertThat(call(guard, event("GET /v1/orders", tenant, "owner-5", "owner", busy)).getStatusCode())
                    .isEqualTo(200);
        }
        APIGatewayV2HTTPResponse limited = call(guard, event("GET /v1/orders", tenant, "owner-5", "owner", busy));
        assertThat(limited.getStatusCode()).isEqualTo(429);
        assertThat(limited.getHeaders()).containsEntry("Retry-After", "1");
        assertThat(Json.tree(limited.getBody()).path("detail").asText()).contains("with this token");
        assertThat(call(guard, event("GET /v1/orders", tenant, "owner-5", "owner", "other-" + UUID.randomUUID()))
                .getStatusCode()).isEqualTo(200);
    }

    @Test
    void aTenantOverItsLimitGets429OnEveryTokenWhileAnotherTenantIsServed() {
        ApiGuard guard = guard(100, 3, Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            assertThat(call(guard, event("GET /v1/orders", tenant, "owner-6", "owner", "tok-" + UUID.randomUUID()))
                    .getStatusCode()).isEqualTo(200);
        }
        APIGatewayV2HTTPResponse limited = call(guard, event("GET /v1/orders", tenant, "owner-6", "owner",
                "fresh-" + UUID.randomUUID()));
        assertThat(limited.getStatusCode()).isEqualTo(429);
        assertThat(limited.getHeaders()).containsEntry("Retry-After", "1")
                .containsEntry("Content-Type", "application/problem+json");
        assertThat(Json.tree(limited.getBody()).path("detail").asText()).contains("for this account");
        assertThat(call(guard, event("GET /v1/orders", TestStack.tenant(), "owner-7", "owner", "x-"
                + UUID.randomUUID())).getStatusCode()).isEqualTo(200);
    }

    @Test
    void acceptingAnInvitationNeedsOnlyASignedInIdentity() {
        APIGatewayV2HTTPResponse served = call(guard(100, 100, Duration.ZERO),
                event("POST /v1/team/invitations/accept", null, "newcomer", null, "n"));
        assertThat(served.getStatusCode()).isEqualTo(200);
        assertThat(Json.tree(served.getBody()).path("tenant").asText()).isEqualTo("null");
    }
}
