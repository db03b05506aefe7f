package com.creatorflow.team;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiHandler;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.team.Role;
import com.creatorflow.shared.team.TeamService;
import java.time.Duration;
import java.util.Map;

/**
 * The creators' team API: the caller's own member and role as the API enforces it, list the members and invitations, invite by email with an expiry, accept an invitation
 * (the signed-in identity joins the invitation's tenant), change a member's role, remove a member, and read the
 * team's audit trail. Who may call what is {@code RoutePermissions}'s; the rules (last owner, expiry) are
 * {@link TeamService}'s.
 */
public final class TeamApiHandler extends ApiHandler {
    private final TeamService team;

    /** Lambda's constructor: collaborators from the process environment. */
    public TeamApiHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public TeamApiHandler(Env env) {
        this(TeamService.fromEnv(env), ApiGuard.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public TeamApiHandler(TeamService team, ApiGuard guard) {
        super(guard);
        this.team = team;
    }

    /**
     * The body of an invitation.
     *
     * @param email who is invited
     * @param role the role it grants
     * @param expiresInHours how long it is valid (default 72, at most 720)
     */
    record InviteRequest(String email, String role, Integer expiresInHours) {
    }

    /**
     * The signed-in caller as the API sees it: the role is the one the guard verified against the team.
     *
     * @param tenantId the caller's tenant
     * @param memberId the caller's member id
     * @param role the caller's role ({@code owner}, {@code manager}, {@code packer}, {@code viewer})
     */
    record Me(String tenantId, String memberId, String role) {
    }

    @Override
    protected APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
        String actor = "user:" + request.memberId();
        return switch (request.routeKey()) {
            case "GET /v1/team" -> ApiResponses.json(200, team.list(tenant));
            case "GET /v1/team/me" -> ApiResponses.json(200, new Me(tenant, request.memberId(),
                    request.role().orElseThrow().claim()));
            case "GET /v1/team/audit" -> ApiResponses.json(200, Map.of("entries",
                    team.audit(tenant, request.queryInt("limit", 100, 1, 500))));
            case "POST /v1/team/invitations" -> {
                InviteRequest body = request.body(InviteRequest.class);
                yield ApiResponses.json(201, team.invite(tenant, body.email(), Role.parse("role", body.role()),
                        body.expiresInHours() == null ? null : Duration.ofHours(body.expiresInHours()), actor));
            }
            case "DELETE /v1/team/invitations/{invitationId}" -> {
                team.revoke(tenant, request.path("invitationId"), actor);
                yield ApiResponses.empty(204);
            }
            case "POST /v1/team/invitations/accept" -> ApiResponses.json(200, team.accept(
                    request.jsonBody("token").path("token").asText(null), request.memberId()));
            case "PUT /v1/team/members/{memberId}" -> ApiResponses.json(200, team.changeRole(tenant,
                    request.path("memberId"), Role.parse("role", request.jsonBody("role").path("role").asText(null)),
                    actor));
            case "DELETE /v1/team/members/{memberId}" -> {
                team.remove(tenant, request.path("memberId"), actor);
                yield ApiResponses.empty(204);
            }
            default -> noRoute(request);
        };
    }
}
