package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.team.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Calls the local front door as a creator's team: the owner founds it, the other roles join by invitation. */
final class ApiClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ApiClient() {
    }

    /** A tenant's team (member ids {@code prefix + role}) and each role's token. */
    static Map<Role, String> team(LocalRuntime runtime, String tenant, String prefix) throws Exception {
        Map<Role, String> tokens = new EnumMap<>(Role.class);
        tokens.put(Role.OWNER, signIn(runtime, tenant, prefix + "owner", Role.OWNER));
        assertThat(send(runtime, "GET", "/v1/team", null, tokens.get(Role.OWNER), null).statusCode()).isEqualTo(200);
        for (Role role : List.of(Role.MANAGER, Role.PACKER, Role.VIEWER)) {
            tokens.put(role, join(runtime, tenant, prefix + role.claim(), role, tokens.get(Role.OWNER)));
        }
        return tokens;
    }

    /** A member invited by the owner with a role, signed in and accepted; answers the member's token. */
    static String join(LocalRuntime runtime, String tenant, String member, Role role, String ownerToken)
            throws Exception {
        HttpResponse<String> invited = send(runtime, "POST", "/v1/team/invitations", "{\"email\": \"" + member
                + "@example.com\", \"role\": \"" + role.claim() + "\"}", ownerToken, null);
        assertThat(invited.statusCode()).as(invited.body()).isEqualTo(201);
        String token = signIn(runtime, tenant, member, role);
        HttpResponse<String> accepted = send(runtime, "POST", "/v1/team/invitations/accept", Json.write(Map.of(
                "token", Json.tree(invited.body()).get("token").asText())), token, null);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        return token;
    }

    /** A token of the local OIDC issuer. */
    static String signIn(LocalRuntime runtime, String tenant, String member, Role role) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(runtime.baseUrl().resolve("/local/token"))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("tenantId", tenant, "sub", member,
                        "role", role.claim())))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return Json.tree(answer.body()).get("token").asText();
    }

    /** One request; {@code body} and {@code ifMatch} may be null. */
    static HttpResponse<String> send(LocalRuntime runtime, String method, String path, String body, String token,
                                     String ifMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(runtime.baseUrl().resolve(URI.create(path)))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
