package com.creatorflow.team;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.team.TeamService;
import com.creatorflow.shared.testing.MutableClock;
import com.creatorflow.shared.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The team API against the local DynamoDB, through the real API guard: invitations (accept, expiry, reuse,
 * revocation), role changes and removals with their audit entries, the last owner kept, and another tenant's
 * members answered as missing.
 */
class TeamApiHandlerIT {
    private final TestStack stack = TestStack.get();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final TeamApiHandler handler = new TeamApiHandler(new TeamService(stack.env().aws().dynamo(),
            stack.tables().get("TeamTable"), PiiCipher.fromEnv(stack.env()), clock), stack.apiGuard());
    private final String tenant = TestStack.tenant();

    /** Calls a route of the fixture as a member of a tenant; path parameters and body replace the fixture's. */
    private APIGatewayV2HTTPResponse call(String fixture, String tenantId, String member, String role,
                                          Map<String, String> path, Object body) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("team-api/" + fixture);
        Map<String, String> claims = new HashMap<>(event.getRequestContext().getAuthorizer().getJwt().getClaims());
        claims.put("custom:tenant_id", tenantId);
        claims.put("sub", member);
        claims.put("member_id", member);
        claims.put("jti", UUID.randomUUID().toString());
        if (role == null) {
            claims.remove("role");
        } else {
            claims.put("role", role);
        }
        event.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
        if (path != null) {
            event.setPathParameters(path);
        }
        if (body != null) {
            event.setBody(Json.write(body));
        }
        return handler.handleRequest(event, LocalLambdaContext.forTest("TeamApiFunction"));
    }

    private APIGatewayV2HTTPResponse asOwner(String fixture, Map<String, String> path, Object body) {
        return call(fixture, tenant, "owner-1", "owner", path, body);
    }

    private String invite(String email, String role, Integer hours) {
        Map<String, Object> body = new HashMap<>(Map.of("email", email, "role", role));
        if (hours != null) {
            body.put("expiresInHours", hours);
        }
        APIGatewayV2HTTPResponse invited = asOwner("invite.json", null, body);
        assertThat(invited.getStatusCode()).as(invited.getBody()).isEqualTo(201);
        return Json.tree(invited.getBody()).get("token").asText();
    }

    private APIGatewayV2HTTPResponse accept(String token, String member, String role) {
        return call("accept-invitation.json", tenant, member, role, null, Map.of("token", token));
    }

    private JsonNode team() {
        return Json.tree(asOwner("list-team.json", null, null).getBody());
    }

    private List<String> auditActions() {
        List<String> actions = new ArrayList<>();
        Json.tree(asOwner("team-audit.json", null, null).getBody()).get("entries")
                .forEach(e -> actions.add(e.get("action").asText() + ":" + e.get("memberId").asText()));
        return actions;
    }

    @Test
    void anInvitedPersonAcceptsAndJoinsWithTheInvitedRoleOnce() {
        String token = invite("pat@example.com", "packer", 48);
        JsonNode pending = team().get("invitations");
        assertThat(pending).singleElement().satisfies(i -> {
            assertThat(i.get("email").asText()).isEqualTo("pat@example.com");
            assertThat(i.get("role").asText()).isEqualTo("packer");
            assertThat(i.get("expired").asBoolean()).isFalse();
        });

        APIGatewayV2HTTPResponse joined = accept(token, "pat", "packer");
        assertThat(joined.getStatusCode()).as(joined.getBody()).isEqualTo(200);
        assertThat(Json.tree(joined.getBody()).get("tenantId").asText()).isEqualTo(tenant);
        assertThat(Json.tree(joined.getBody()).at("/member/role").asText()).isEqualTo("packer");
        JsonNode members = team().get("members");
        assertThat(members).extracting(m -> m.get("memberId").asText() + "=" + m.get("role").asText())
                .containsExactlyInAnyOrder("owner-1=owner", "pat=packer");
        assertThat(team().get("invitations")).isEmpty();

        APIGatewayV2HTTPResponse again = accept(token, "someone-else", null);
        assertThat(again.getStatusCode()).isEqualTo(404);
        assertThat(Json.tree(again.getBody()).get("title").asText()).isEqualTo("InvitationNotFound");
        assertThat(auditActions()).contains("JOINED:pat");
    }

    @Test
    void theEmailIsStoredSealedNotInClear() {
        invite("secret.person@example.com", "viewer", null);
        var items = stack.env().aws().dynamo().query(r -> r.tableName(stack.tables().get("TeamTable"))
                .keyConditionExpression("tenantId = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(tenant)))).items();
        assertThat(items).isNotEmpty().allSatisfy(item -> assertThat(item.toString()).doesNotContain("secret.person"));
    }

    @Test
    void anExpiredInvitationIsRefusedWith410AndListedAsExpired() {
        String token = invite("late@example.com", "viewer", 1);
        clock.advance(Duration.ofMinutes(61));
        APIGatewayV2HTTPResponse late = accept(token, "late", "viewer");
        assertThat(late.getStatusCode()).isEqualTo(410);
        assertThat(Json.tree(late.getBody()).get("title").asText()).isEqualTo("InvitationExpired");
        assertThat(team().get("invitations")).singleElement()
                .satisfies(i -> assertThat(i.get("expired").asBoolean()).isTrue());
    }

    @Test
    void aRevokedInvitationCannotBeAccepted() {
        String token = invite("gone@example.com", "manager", null);
        String invitationId = team().at("/invitations/0/invitationId").asText();
        assertThat(asOwner("revoke-invitation.json", Map.of("invitationId", invitationId), null).getStatusCode())
                .isEqualTo(204);
        assertThat(accept(token, "gone", "manager").getStatusCode()).isEqualTo(404);
        assertThat(auditActions()).contains("INVITATION_REVOKED:" + invitationId);
    }

    @Test
    void aForgedOrMalformedTokenIsRefusedNamingTheField() {
        String token = invite("x@example.com", "viewer", null);
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assertThat(accept(forged, "x", null).getStatusCode()).isEqualTo(404);
        APIGatewayV2HTTPResponse malformed = accept("not-a-token", "x", null);
        assertThat(malformed.getStatusCode()).isEqualTo(400);
        assertThat(Json.tree(malformed.getBody()).at("/errors/0/field").asText()).isEqualTo("token");
        APIGatewayV2HTTPResponse badEmail = asOwner("invite.json", null, Map.of("email", "nobody", "role", "viewer"));
        assertThat(Json.tree(badEmail.getBody()).at("/errors/0/field").asText()).isEqualTo("email");
        APIGatewayV2HTTPResponse badRole = asOwner("invite.json", null, Map.of("email", "a@b.io", "role", "boss"));
        assertThat(Json.tree(badRole.getBody()).at("/errors/0/field").asText()).isEqualTo("role");
    }

    @Test
    void aRoleChangeIsAuditedWithTheRolesBeforeAndAfterAndTheActor() {
        accept(invite("m@example.com", "manager", null), "mia", "manager");
        APIGatewayV2HTTPResponse changed = asOwner("change-role.json", Map.of("memberId", "mia"),
                Map.of("role", "viewer"));
        assertThat(changed.getStatusCode()).as(changed.getBody()).isEqualTo(200);
        assertThat(Json.tree(changed.getBody()).get("role").asText()).isEqualTo("viewer");
        assertThat(Json.tree(asOwner("team-audit.json", null, null).getBody()).get("entries"))
                .anySatisfy(e -> {
                    assertThat(e.get("action").asText()).isEqualTo("ROLE_CHANGED");
                    assertThat(e.get("from").asText()).isEqualTo("manager");
                    assertThat(e.get("to").asText()).isEqualTo("viewer");
                    assertThat(e.get("actor").asText()).isEqualTo("user:owner-1");
                });
    }

    @Test
    void aRemovedMemberIsGoneFromTheTeamAndAudited() {
        accept(invite("r@example.com", "packer", null), "rex", "packer");
        assertThat(asOwner("remove-member.json", Map.of("memberId", "rex"), null).getStatusCode()).isEqualTo(204);
        assertThat(team().get("members")).extracting(m -> m.get("memberId").asText()).containsExactly("owner-1");
        assertThat(auditActions()).contains("MEMBER_REMOVED:rex");
        assertThat(asOwner("remove-member.json", Map.of("memberId", "rex"), null).getStatusCode()).isEqualTo(404);
    }

    @Test
    void theLastOwnerCanBeNeitherDemotedNorRemovedButOneOfTwoCan() {
        team();
        APIGatewayV2HTTPResponse demote = asOwner("change-role.json", Map.of("memberId", "owner-1"),
                Map.of("role", "manager"));
        assertThat(demote.getStatusCode()).isEqualTo(409);
        assertThat(Json.tree(demote.getBody()).get("title").asText()).isEqualTo("LastOwner");
        assertThat(asOwner("remove-member.json", Map.of("memberId", "owner-1"), null).getStatusCode())
                .isEqualTo(409);

        accept(invite("co@example.com", "owner", null), "co-owner", "owner");
        assertThat(asOwner("change-role.json", Map.of("memberId", "owner-1"), Map.of("role", "manager"))
                .getStatusCode()).isEqualTo(200);
        APIGatewayV2HTTPResponse last = call("remove-member.json", tenant, "co-owner", "owner",
                Map.of("memberId", "co-owner"), null);
        assertThat(last.getStatusCode()).isEqualTo(409);
        assertThat(Json.tree(last.getBody()).get("title").asText()).isEqualTo("LastOwner");
    }

    @Test
    void onlyAnOwnerManagesTheTeam() {
        accept(invite("mgr@example.com", "manager", null), "mgr", "manager");
        for (String fixture : List.of("list-team.json", "team-audit.json", "invite.json")) {
            assertThat(call(fixture, tenant, "mgr", "manager", null, null).getStatusCode()).as(fixture)
                    .isEqualTo(403);
        }
        assertThat(call("remove-member.json", tenant, "mgr", "manager", Map.of("memberId", "owner-1"), null)
                .getStatusCode()).isEqualTo(403);
    }

    @Test
    void anotherTenantsMemberIsAnsweredLikeAMissingOne() {
        accept(invite("t@example.com", "viewer", null), "tia", "viewer");
        String other = TestStack.tenant();
        APIGatewayV2HTTPResponse foreign = call("change-role.json", other, "other-owner", "owner",
                Map.of("memberId", "tia"), Map.of("role", "owner"));
        APIGatewayV2HTTPResponse missing = asOwner("change-role.json", Map.of("memberId", "nobody"),
                Map.of("role", "owner"));
        assertThat(foreign.getStatusCode()).isEqualTo(404).isEqualTo(missing.getStatusCode());
        assertThat(Json.tree(foreign.getBody()).get("title").asText()).isEqualTo("MemberNotFound");
        assertThat(call("remove-member.json", other, "other-owner", "owner", Map.of("memberId", "tia"), null)
                .getStatusCode()).isEqualTo(404);
        assertThat(team().get("members")).extracting(m -> m.get("memberId").asText()).contains("tia");
    }

    private JsonNode me(String tenantId, String member, String claimedRole) {
        APIGatewayV2HTTPResponse me = call("get-me.json", tenantId, member, claimedRole, null, null);
        assertThat(me.getStatusCode()).as(me.getBody()).isEqualTo(200);
        return Json.tree(me.getBody());
    }

    @Test
    void everyMemberReadsTheRoleFromTheTeamNotFromTheToken() {
        assertThat(me(tenant, "owner-1", "owner").get("role").asText()).isEqualTo("owner");
        assertThat(accept(invite("pat@example.com", "packer", null), "pat", null).getStatusCode()).isEqualTo(200);
        assertThat(accept(invite("vic@example.com", "viewer", null), "vic", null).getStatusCode()).isEqualTo(200);

        assertThat(me(tenant, "owner-1", null)).isEqualTo(Json.tree(Json.write(
                Map.of("tenantId", tenant, "memberId", "owner-1", "role", "owner"))));
        assertThat(me(tenant, "pat", null).get("role").asText()).isEqualTo("packer");
        assertThat(me(tenant, "vic", null).get("role").asText()).isEqualTo("viewer");
        APIGatewayV2HTTPResponse claimsOwner = call("get-me.json", tenant, "vic", "owner", null, null);
        assertThat(claimsOwner.getStatusCode()).isEqualTo(403);
    }

    @Test
    void anotherTenantsTokenSeesOnlyItsOwnMember() {
        me(tenant, "owner-1", "owner");
        assertThat(accept(invite("pat@example.com", "packer", null), "pat", null).getStatusCode()).isEqualTo(200);
        String other = TestStack.tenant();
        JsonNode otherOwner = me(other, "other-owner", null);
        assertThat(otherOwner.get("tenantId").asText()).isEqualTo(other);
        assertThat(otherOwner.get("memberId").asText()).isEqualTo("other-owner");
        assertThat(otherOwner.get("role").asText()).isEqualTo("owner");

        APIGatewayV2HTTPResponse patElsewhere = call("get-me.json", other, "pat", null, null, null);
        assertThat(patElsewhere.getStatusCode()).isEqualTo(403);
    }
}
