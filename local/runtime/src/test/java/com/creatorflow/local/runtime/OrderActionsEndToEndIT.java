package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.shipping.ShippingStore;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.AuditRecord;
import com.creatorflow.shared.team.Role;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A person's actions on one order through the local front door (hold, release, shipping address, split, note, tags,
 * label reprint, batch printing), each checked in the stored order and its audit trail, with stale If-Match (412)
 * and roles without the permission (403).
 */
class OrderActionsEndToEndIT {
    private static LocalRuntime runtime;
    private static OrderRepository orders;
    private static ShippingStore shipping;
    private static Env env;
    private static final String TENANT = "actions-" + UUID.randomUUID();
    private static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);

    @BeforeAll
    static void start() throws Exception {
        runtime = RuntimeOrders.apiRuntime();
        env = runtime.functions().get("CreateLabelFunction").env();
        orders = OrderRepository.fromEnv(env);
        shipping = ShippingStore.fromEnv(env);
        TOKENS.putAll(ApiClient.team(runtime, TENANT, "oa-"));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    private static HttpResponse<String> send(String method, String path, String body, Role role,
                                             String ifMatch) throws Exception {
        return ApiClient.send(runtime, method, path, body, TOKENS.get(role), ifMatch);
    }

    private static Order ready() {
        Order order = orders.create(Orders.sample(TENANT), "system:test", "imported");
        return orders.transition(order, OrderState.READY, "workflow:test", "validated");
    }

    private static List<String> actions(String orderId) {
        return orders.history(TENANT, orderId).stream().map(AuditRecord::action).toList();
    }

    @Test
    void holdAndReleaseMoveTheOrderThroughTheLifecycleAuditedAndGuardedByIfMatch() throws Exception {
        Order order = ready();
        String path = "/v1/orders/" + order.orderId();
        HttpResponse<String> stale = send("POST", path + "/hold", "{\"reason\": \"buyer called\"}", Role.MANAGER,
                "\"" + (order.version() - 1) + "\"");
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(412);
        assertThat(orders.get(TENANT, order.orderId()).state()).as("a stale If-Match changes nothing")
                .isEqualTo(OrderState.READY);

        HttpResponse<String> held = send("POST", path + "/hold", "{\"reason\": \"buyer called\"}", Role.MANAGER,
                "\"" + order.version() + "\"");
        assertThat(held.statusCode()).as(held.body()).isEqualTo(200);
        assertThat(held.headers().firstValue("ETag")).hasValue("\"" + (order.version() + 1) + "\"");
        Order stored = orders.get(TENANT, order.orderId());
        assertThat(stored.state()).isEqualTo(OrderState.NEEDS_ATTENTION);
        assertThat(stored.onHold()).isTrue();
        assertThat(stored.attentionReason()).isEqualTo("buyer called");
        assertThat(send("POST", path + "/hold", null, Role.OWNER, null).statusCode())
                .as("holding a held order is a conflict").isEqualTo(409);

        HttpResponse<String> released = send("POST", path + "/release", "{\"note\": \"sorted out\"}", Role.OWNER,
                null);
        assertThat(released.statusCode()).as(released.body()).isEqualTo(200);
        Order after = orders.get(TENANT, order.orderId());
        assertThat(after.state()).as("no workflow waits, so it returns to where it was held").isEqualTo(OrderState.READY);
        assertThat(after.onHold()).isFalse();
        assertThat(actions(order.orderId())).containsSubsequence("TRANSITION", "RELEASE", "TRANSITION");
        assertThat(orders.verifyAudit(after).problems()).isEmpty();
    }

    @Test
    void aHeldOrderCannotBeMovedOnByAWorkflowStepUntilReleased() throws Exception {
        Order order = ready();
        assertThat(send("POST", "/v1/orders/" + order.orderId() + "/hold", null, Role.MANAGER, null).statusCode())
                .isEqualTo(200);
        Order held = orders.get(TENANT, order.orderId());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> orders.transition(held, OrderState.READY,
                "workflow:test", "resumed")).hasMessageContaining("on hold");
        assertThat(com.creatorflow.shared.lifecycle.Lifecycle.refusal(held, OrderState.SHIPPED))
                .as("TikTok reporting it shipped outside CreatorFlow still applies").isEmpty();
        assertThat(orders.transition(held, OrderState.CANCELLED, "workflow:test", "cancelled").state())
                .as("a held order can still be cancelled").isEqualTo(OrderState.CANCELLED);
    }

    @Test
    void packersAndViewersMayNotChangeOrders() throws Exception {
        Order order = ready();
        for (Role role : List.of(Role.PACKER, Role.VIEWER)) {
            for (String[] call : List.of(new String[] {"POST", "/hold", null},
                    new String[] {"PUT", "/shipping-address", "{}"}, new String[] {"POST", "/notes", "{\"note\": \"x\"}"},
                    new String[] {"POST", "/tags", "{\"add\": [\"x\"]}"}, new String[] {"POST", "/split", "{}"})) {
                HttpResponse<String> refused = send(call[0], "/v1/orders/" + order.orderId() + call[1], call[2], role,
                        null);
                assertThat(refused.statusCode()).as(role + " " + call[1]).isEqualTo(403);
            }
        }
        assertThat(orders.get(TENANT, order.orderId()).version()).isEqualTo(order.version());
    }

    @Test
    void theShippingAddressIsRevalidatedStoredEncryptedAndRefusedOnceLabelled() throws Exception {
        Order order = ready();
        String path = "/v1/orders/" + order.orderId() + "/shipping-address";
        String address = "{\"name\": \"Ada Lovelace\", \"line1\": \"77 Unique Marker Street\", \"city\": \"Austin\", "
                + "\"region\": \"TX\", \"postalCode\": \"%s\", \"country\": \"US\", \"phone\": \"+1 512 555 0100\"}";
        HttpResponse<String> bad = send("PUT", path, address.formatted("ABCDE"), Role.MANAGER, null);
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(Json.tree(bad.body()).at("/errors/0/field").asText()).isEqualTo("shippingAddress.postalCode");

        HttpResponse<String> ok = send("PUT", path, address.formatted("78701"), Role.MANAGER, null);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        Order stored = orders.get(TENANT, order.orderId());
        assertThat(stored.pii().shippingAddress().line1()).isEqualTo("77 Unique Marker Street");
        assertThat(stored.shipTo().city()).isEqualTo("Austin");
        Map<String, AttributeValue> raw = env.aws().dynamo().getItem(r -> r.tableName(env.require("ORDERS_TABLE"))
                .key(Map.of("tenantId", AttributeValue.fromS(TENANT), "orderId",
                        AttributeValue.fromS(order.orderId())))).item();
        assertThat(raw.toString()).as("the address is stored sealed, never in clear")
                .doesNotContain("Unique Marker").doesNotContain("Ada Lovelace");
        assertThat(actions(order.orderId())).contains("ADDRESS_EDITED");

        Order labelled = labelled();
        HttpResponse<String> refused = send("PUT", "/v1/orders/" + labelled.orderId() + "/shipping-address",
                address.formatted("78701"), Role.MANAGER, null);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(Json.tree(refused.body()).get("detail").asText()).contains("label");
        HttpResponse<String> notHeld = send("POST", "/v1/orders/" + labelled.orderId() + "/hold", null,
                Role.MANAGER, null);
        assertThat(notHeld.statusCode()).as("a labelled order is cancelled, not held").isEqualTo(409);
    }

    @Test
    void anOrderSplitsIntoPackagesByLineIdsEachLineInExactlyOne() throws Exception {
        Order order = ready();
        String path = "/v1/orders/" + order.orderId() + "/split";
        HttpResponse<String> missing = send("POST", path, "{\"packages\": [[\"5770001\"], [\"5770002\"]]}",
                Role.MANAGER, null);
        assertThat(missing.statusCode()).as(missing.body()).isEqualTo(400);
        assertThat(Json.tree(missing.body()).get("detail").asText()).contains("5770003");
        HttpResponse<String> twice = send("POST", path, "{\"packages\": [[\"5770001\", \"5770003\"], "
                + "[\"5770002\", \"5770003\"]]}", Role.MANAGER, null);
        assertThat(Json.tree(twice.body()).at("/errors/0/field").asText()).isEqualTo("packages[1]");

        HttpResponse<String> split = send("POST", path, "{\"packages\": [[\"5770001\", \"5770003\"], "
                + "[\"5770002\"]]}", Role.MANAGER, "\"" + order.version() + "\"");
        assertThat(split.statusCode()).as(split.body()).isEqualTo(200);
        Order stored = orders.get(TENANT, order.orderId());
        assertThat(stored.packages()).extracting(p -> p.tiktokLineIds())
                .containsExactly(List.of("5770001", "5770003"), List.of("5770002"));
        assertThat(actions(order.orderId())).contains("SPLIT");
    }

    @Test
    void notesAndTagsAreAuditedAndTagsAreFilterable() throws Exception {
        Order order = ready();
        String path = "/v1/orders/" + order.orderId();
        assertThat(send("POST", path + "/notes", "{\"note\": \"gift wrap please\"}", Role.MANAGER, null)
                .statusCode()).isEqualTo(200);
        assertThat(orders.history(TENANT, order.orderId())).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("NOTE");
            assertThat(entry.reason()).isEqualTo("gift wrap please");
            assertThat(entry.actor()).isEqualTo("user:oa-manager");
        });
        HttpResponse<String> badTag = send("POST", path + "/tags", "{\"add\": [\"no#hash\"]}", Role.MANAGER, null);
        assertThat(Json.tree(badTag.body()).at("/errors/0/field").asText()).isEqualTo("add[0]");
        HttpResponse<String> tagged = send("POST", path + "/tags", "{\"add\": [\"vip\"], \"remove\": [\"live-drop\"]}",
                Role.MANAGER, null);
        assertThat(tagged.statusCode()).as(tagged.body()).isEqualTo(200);
        assertThat(orders.get(TENANT, order.orderId()).tags()).containsExactly("vip");
        JsonNode listed = Json.tree(send("GET", "/v1/orders?tag=vip", null, Role.VIEWER, null).body());
        assertThat(listed.get("items")).extracting(n -> n.get("orderId").asText()).contains(order.orderId());
    }

    private static Order labelled() {
        return RuntimeOrders.labelled(runtime, orders, shipping, TENANT);
    }

    @Test
    void aPackerReprintsALabelRecordedInTheTimelineAndAStaleVersionIsRefused() throws Exception {
        Order order = labelled();
        String path = "/v1/orders/" + order.orderId() + "/label/reprint";
        assertThat(send("POST", path, null, Role.PACKER, "\"" + (order.version() - 1) + "\"").statusCode())
                .isEqualTo(412);
        HttpResponse<String> pdf = send("POST", path, null, Role.PACKER, "\"" + order.version() + "\"");
        assertThat(pdf.statusCode()).as(pdf.body()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(actions(order.orderId())).endsWith("LABEL_REPRINTED");
        assertThat(send("POST", path, null, Role.VIEWER, null).statusCode()).isEqualTo(403);
    }

    @Test
    void aBatchPrintSkipsOrdersWithoutALabelNamingWhyInsteadOfRefusingTheBatch() throws Exception {
        Order labelled = labelled();
        Order unlabelled = ready();
        HttpResponse<String> batch = send("POST", "/v1/labels/batch", "{\"orderIds\": [\"" + labelled.orderId()
                + "\", \"" + unlabelled.orderId() + "\"]}", Role.PACKER, null);
        assertThat(batch.statusCode()).as(batch.body()).isEqualTo(200);
        assertThat(batch.headers().firstValue("Content-Type")).hasValue("application/pdf");
        JsonNode skipped = Json.tree(batch.headers().firstValue("X-Skipped-Orders").orElseThrow());
        assertThat(skipped).hasSize(1);
        assertThat(skipped.get(0).get("orderId").asText()).isEqualTo(unlabelled.orderId());
        assertThat(skipped.get(0).get("reason").asText()).contains("no live label");

        HttpResponse<String> none = send("POST", "/v1/labels/batch", "{\"orderIds\": [\"" + unlabelled.orderId()
                + "\"]}", Role.PACKER, null);
        assertThat(none.statusCode()).isEqualTo(422);
        assertThat(none.body()).contains(unlabelled.orderId());
    }
}
