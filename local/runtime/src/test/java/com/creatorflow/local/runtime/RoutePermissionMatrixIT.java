package com.creatorflow.local.runtime;

import com.creatorflow.shared.http.JwtAuthorizer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.shared.aftersale.BuyerRequestStore;
import com.creatorflow.shared.aftersale.domain.BuyerRequest;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.http.Permission;
import com.creatorflow.shared.http.RoutePermissions;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.shipping.Handover;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.team.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Roles through the whole local system: every HttpApi route of template.yaml, called by every role of its own tenant
 * and of another tenant with real tokens from the local issuer, answers as {@link RoutePermissions} says (403 for a
 * role without the permission; another tenant's object exactly like a missing one). Then a packer's day (labels,
 * marked shipped, no settings, rules or team) and a removed member's token refused.
 */
class RoutePermissionMatrixIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern PARAM = Pattern.compile("\\{([^}+]+)\\+?}");
    private static final Set<Integer> NORMAL = Set.of(200, 201, 202, 204, 302, 400, 404, 409, 410, 422);
    private static LocalRuntime runtime;
    private static OrderRepository orders;
    private static ShippingStore shipping;
    private static final String OWN = "matrix-a-" + UUID.randomUUID();
    private static final String OTHER = "matrix-b-" + UUID.randomUUID();
    private static final Map<Role, String> OWN_TOKENS = new EnumMap<>(Role.class);
    private static final Map<Role, String> OTHER_TOKENS = new EnumMap<>(Role.class);
    /** Path values naming the own tenant's stored objects. */
    private static Map<String, String> existing;
    /** Path values naming nothing. */
    private static final Map<String, String> MISSING = new java.util.HashMap<>(Map.ofEntries(Map.entry("orderId", "missing-order"),
            Map.entry("sku", "MISSING-SKU"), Map.entry("version", "999"), Map.entry("jobId", "bulk-" + UUID.randomUUID()),
            Map.entry("invitationId", UUID.randomUUID().toString()), Map.entry("memberId", "nobody"),
            Map.entry("carrier", "usps"), Map.entry("shopId", "missing-shop"), Map.entry("returnId", "4039000000001"),
            Map.entry("cancelId", "5769000000001"), Map.entry("notificationId", UUID.randomUUID().toString()),
            Map.entry("adapter", "easypost"), Map.entry("subscriptionId", "0123456789abcdef0123456789abcdef"),
            Map.entry("messageId", "0123456789abcdef0123-0123456789ab")));

    @BeforeAll
    static void start() throws Exception {
        runtime = RuntimeOrders.apiRuntime();
        Env env = runtime.functions().get("CreateLabelFunction").env();
        orders = OrderRepository.fromEnv(env);
        shipping = ShippingStore.fromEnv(env);
        team(OWN, "a-", OWN_TOKENS);
        team(OTHER, "b-", OTHER_TOKENS);
        String owner = OWN_TOKENS.get(Role.OWNER);
        assertThat(send("POST", "/v1/inventory/skus/MATRIX-SKU/adjustments", "{\"delta\": 5, \"reason\": \"seed\"}",
                owner).statusCode()).isEqualTo(200);
        assertThat(send("PUT", "/v1/rules", "{\"rules\": [{\"id\": \"big\", \"name\": \"Big\", \"priority\": 1, "
                + "\"pattern\": {\"total\": [{\"numeric\": [\">\", 100]}]}, \"actions\": [{\"type\": \"addTag\", "
                + "\"tag\": \"big\"}]}]}", owner).statusCode()).isBetween(200, 201);
        JsonNode pending = Json.tree(send("POST", "/v1/team/invitations",
                "{\"email\": \"pending@example.com\", \"role\": \"viewer\"}", owner).body());
        String orderId = labelled(OWN).orderId();
        BuyerRequestStore requests = BuyerRequestStore.fromEnv(runtime.functions().get("AfterSalesApiFunction").env());
        for (BuyerRequest.Kind kind : BuyerRequest.Kind.values()) {
            requests.createIfAbsent(new BuyerRequest(OWN, kind, kind == BuyerRequest.Kind.RETURN ? "4039000000042"
                    : "5769000000042", orderId, "matrix-shop", null, null, "PENDING", "PENDING", null, Instant.now(),
                    Instant.now(), 0));
        }
        String notificationId = Json.tree(new String(runtime.functions().get("NotifyFunction").invokeJson(
                ("{\"tenantId\":\"" + OWN + "\",\"orderId\":\"" + orderId + "\",\"kind\":\"SHIPPED\"}")
                        .getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).get("id").asText();
        String machine = String.valueOf(runtime.resolver().ref("NeedsAttentionStateMachine"));
        String executionArn = runtime.aws().stepFunctions().startExecution(r -> r.stateMachineArn(machine)
                .name("matrix-" + UUID.randomUUID()).input(Json.write(Map.of("tenantId", OWN, "orderId",
                        "matrix-no-order", "failedStep", "CreateLabel", "reminderSeconds", 14400, "reminders", 0,
                        "reminder", false, "escalate", false)))).executionArn();
        MISSING.put("executionArn", machine.replace(":stateMachine:", ":execution:") + ":matrix-missing");
        existing = Map.ofEntries(Map.entry("executionArn", executionArn), Map.entry("orderId", orderId),
                Map.entry("sku", "MATRIX-SKU"),
                Map.entry("version", "1"), Map.entry("jobId", "bulk-" + UUID.randomUUID()),
                Map.entry("invitationId", pending.get("invitationId").asText()), Map.entry("memberId", "a-viewer"),
                Map.entry("carrier", "usps"), Map.entry("shopId", "missing-shop"),
                Map.entry("returnId", "4039000000042"), Map.entry("cancelId", "5769000000042"),
                Map.entry("notificationId", notificationId), Map.entry("adapter", "easypost"),
                Map.entry("subscriptionId", "fedcba9876543210fedcba9876543210"),
                Map.entry("messageId", "fedcba9876543210fedc-fedcba987654"));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** A tenant's team: its owner founds it on first sign-in, the other roles join by invitation. */
    private static void team(String tenant, String prefix, Map<Role, String> tokens) throws Exception {
        tokens.putAll(ApiClient.team(runtime, tenant, prefix));
    }

    private static String join(String tenant, String member, Role role, String ownerToken) throws Exception {
        return ApiClient.join(runtime, tenant, member, role, ownerToken);
    }

    /** A reserved order labelled by the template's ChooseCarrier and CreateLabel functions. */
    private static Order labelled(String tenant) {
        return RuntimeOrders.labelled(runtime, orders, shipping, tenant);
    }

    private static HttpResponse<String> send(String method, String path, String body, String token)
            throws Exception {
        return ApiClient.send(runtime, method, path, body, token, null);
    }

    private static String path(HttpRoute route, Map<String, String> values) {
        Matcher matcher = PARAM.matcher(route.path());
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                fail("route " + route.routeKey() + " has the path parameter {" + matcher.group(1)
                        + "}, which RoutePermissionMatrixIT has no value for: add one to MISSING and existing");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(out).toString();
    }

    private static List<HttpRoute> routes() {
        return HttpFrontDoor.routesOf(CfnTemplate.project());
    }

    @Test
    void everyRouteOfTheTemplateDeclaresAPermissionAndEveryDeclaredRouteExists() {
        Set<String> template = new TreeSet<>();
        routes().forEach(route -> template.add(route.routeKey()));
        Set<String> undeclared = new TreeSet<>(template);
        undeclared.removeAll(RoutePermissions.all().keySet());
        assertThat(undeclared).as("routes of template.yaml without a permission: declare each in "
                + "shared/.../http/RoutePermissions (one line: route(\"METHOD /path\", Permission.X))").isEmpty();
        Set<String> stale = new TreeSet<>(RoutePermissions.all().keySet());
        stale.removeAll(template);
        assertThat(stale).as("RoutePermissions declares routes that template.yaml does not have").isEmpty();
    }

    @Test
    void exactlyThePublicRoutesGoWithoutTheJwtAuthorizer() {
        for (HttpRoute route : routes()) {
            RoutePermissions.of(route.routeKey()).ifPresent(permission -> assertThat(route.authorized())
                    .as(route.routeKey() + " is " + permission).isEqualTo(permission != Permission.PUBLIC));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRouteAnswersEveryRoleOfItsOwnAndOfAnotherTenantAsItsPermissionSays() {
        List<DynamicTest> tests = new ArrayList<>();
        for (HttpRoute route : routes()) {
            if (!route.authorized()) {
                continue;
            }
            for (Role role : Role.values()) {
                tests.add(DynamicTest.dynamicTest(route.routeKey() + " as own " + role.claim(),
                        () -> own(route, role)));
                tests.add(DynamicTest.dynamicTest(route.routeKey() + " as another tenant's " + role.claim(),
                        () -> other(route, role)));
            }
        }
        return tests.stream();
    }

    private static Permission permission(HttpRoute route) {
        return RoutePermissions.of(route.routeKey()).orElseGet(() -> fail("route " + route.routeKey()
                + " declares no permission in RoutePermissions"));
    }

    /** A read names the tenant's own objects; a write names missing ones, so that the matrix changes nothing. */
    private static void own(HttpRoute route, Role role) throws Exception {
        Permission permission = permission(route);
        String path = path(route, route.method().equals("GET") ? existing : MISSING);
        HttpResponse<String> response = send(route.method(), path, null, OWN_TOKENS.get(role));
        if (!permission.allows(role)) {
            assertThat(response.statusCode()).as(route.routeKey() + " needs " + permission + ": " + response.body())
                    .isEqualTo(403);
            return;
        }
        assertThat(response.statusCode()).as(route.routeKey() + " as " + role + ": " + response.body())
                .isIn(NORMAL);
    }

    /** Another tenant names the own tenant's objects: each answers like a missing one, and nothing leaks. */
    private static void other(HttpRoute route, Role role) throws Exception {
        Permission permission = permission(route);
        HttpResponse<String> response = send(route.method(), path(route, existing), null, OTHER_TOKENS.get(role));
        if (!permission.allows(role)) {
            assertThat(response.statusCode()).as(route.routeKey() + " needs " + permission).isEqualTo(403);
            return;
        }
        if (route.path().contains("{")) {
            HttpResponse<String> missing = send(route.method(), path(route, MISSING), null,
                    OWN_TOKENS.get(Role.OWNER));
            assertThat(response.statusCode()).as(route.routeKey() + " on another tenant's object: "
                    + response.body()).isEqualTo(missing.statusCode());
            assertThat(withoutIds(response.body(), existing)).as(route.routeKey() + " answers another tenant's "
                    + "object word for word like a missing one").isEqualTo(withoutIds(missing.body(), MISSING));
        } else {
            assertThat(response.statusCode()).as(route.routeKey() + ": " + response.body()).isIn(NORMAL);
            assertThat(response.body()).as("another tenant's list names none of this tenant's objects")
                    .doesNotContain(existing.get("orderId")).doesNotContain(existing.get("invitationId"))
                    .doesNotContain(OWN);
        }
    }

    /** An answer with the ids the request named (the longest first) replaced by one placeholder. */
    private static String withoutIds(String body, Map<String, String> ids) {
        String out = body;
        for (String id : ids.values().stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            out = out.replace(id, "<id>");
        }
        return out;
    }

    @Test
    void aPackerPrintsLabelsAndMarksShippedButChangesNoSettingsRulesTeamOrOrders() throws Exception {
        String packer = OWN_TOKENS.get(Role.PACKER);
        String orderId = labelled(OWN).orderId();
        HttpResponse<String> links = HTTP.send(HttpRequest.newBuilder(runtime.baseUrl()
                .resolve("/v1/orders/" + orderId + "/label")).header("Authorization", "Bearer " + packer)
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(links.statusCode()).as(links.body()).isEqualTo(200);
        assertThat(Json.tree(links.body()).get("labels")).isNotEmpty();
        HttpResponse<String> batch = send("POST", "/v1/labels/batch", "{\"orderIds\": [\"" + orderId + "\"]}",
                packer);
        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(batch.headers().firstValue("Content-Type")).hasValue("application/pdf");

        HttpResponse<String> shipped = send("POST", "/v1/orders/" + orderId + "/shipped", null, packer);
        assertThat(shipped.statusCode()).as(shipped.body()).isEqualTo(200);
        assertThat(orders.get(OWN, orderId).tags()).contains(Handover.TAG);
        assertThat(orders.history(OWN, orderId)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("HANDED_OVER");
            assertThat(entry.actor()).isEqualTo("user:a-packer");
        });

        Map<String, String> changes = Map.of(
                "PUT /v1/notification-preferences", "{\"channels\": []}",
                "PUT /v1/inventory/settings", "{\"shortagePolicy\": \"REVIEW\"}",
                "PUT /v1/rules", "{\"rules\": []}",
                "POST /v1/team/invitations", "{\"email\": \"friend@example.com\", \"role\": \"owner\"}",
                "PUT /v1/team/members/a-packer", "{\"role\": \"owner\"}",
                "POST /v1/orders/" + orderId + "/cancel", "{\"reason\": \"packer\"}");
        for (Map.Entry<String, String> change : changes.entrySet()) {
            String[] route = change.getKey().split(" ");
            HttpResponse<String> refused = send(route[0], route[1], change.getValue(), packer);
            assertThat(refused.statusCode()).as(change.getKey()).isEqualTo(403);
            assertThat(Json.tree(refused.body()).get("title").asText()).isEqualTo("Forbidden");
        }
        assertThat(orders.get(OWN, orderId).state()).as("the refused cancel changed nothing")
                .isEqualTo(OrderState.LABELED);
    }

    @Test
    void aRemovedMembersTokenIsRefusedWithinTheCacheTime() throws Exception {
        String temp = join(OWN, "a-temp", Role.VIEWER, OWN_TOKENS.get(Role.OWNER));
        assertThat(send("GET", "/v1/orders", null, temp).statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/v1/team/members/a-temp", null, OWN_TOKENS.get(Role.OWNER)).statusCode())
                .isEqualTo(204);
        Instant deadline = Instant.now().plusSeconds(10);
        HttpResponse<String> answer = send("GET", "/v1/orders", null, temp);
        while (answer.statusCode() != 403 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            answer = send("GET", "/v1/orders", null, temp);
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(403);
        assertThat(Json.tree(answer.body()).get("detail").asText()).contains("not on this account's team");
    }
}
