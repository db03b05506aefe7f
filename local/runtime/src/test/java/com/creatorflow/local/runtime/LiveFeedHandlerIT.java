package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.local.stack.LocalLambdaContext;
import com.creatorflow.orderevents.LiveFeedHandler;
import com.creatorflow.shared.aws.AwsClients;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.live.LiveConnections;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.AuditLog;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.team.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AWS side of the live feed, LiveFeedHandler, against the real local DynamoDB and issuer, with a local HTTP
 * server standing in for API Gateway's {@code @connections} endpoint (the SDK's ApiGatewayManagementApiClient points
 * at it): $connect checks the token and the team, the feed queue's events go to the tenant's connections only, a
 * gone connection (410) is forgotten, resume replays from the audit log, $disconnect forgets.
 */
class LiveFeedHandlerIT {
    private static LocalRuntime runtime;
    private static HttpServer callbacks;
    private static final List<String[]> posted = new CopyOnWriteArrayList<>();
    private static final Set<String> gone = ConcurrentHashMap.newKeySet();
    private static LiveFeedHandler handler;
    private static LiveConnections connections;
    private static OrderRepository orders;
    private static AuditLog audit;

    @BeforeAll
    static void start() throws Exception {
        runtime = RuntimeOrders.apiRuntime();
        // the runtime's own LiveFeedFunction would post to the runtime's streams; this test plays API Gateway
        runtime.setSqsEventSourcesEnabled("LiveFeedFunction", false);
        callbacks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        callbacks.createContext("/live/@connections/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                String id = path.substring(path.lastIndexOf('/') + 1);
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                if (gone.contains(id)) {
                    byte[] answer = "{\"message\":\"gone\"}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("x-amzn-ErrorType", "GoneException");
                    exchange.sendResponseHeaders(410, answer.length);
                    exchange.getResponseBody().write(answer);
                    return;
                }
                posted.add(new String[] {id, body});
                exchange.sendResponseHeaders(200, -1);
            }
        });
        callbacks.start();
        Env functionEnv = runtime.functions().get("LiveFeedFunction").env();
        Map<String, String> variables = new HashMap<>(functionEnv.variables());
        variables.put("LIVE_CALLBACK_URL", "http://127.0.0.1:" + callbacks.getAddress().getPort() + "/live");
        Env env = Env.of(variables, AwsClients.of(variables));
        handler = new LiveFeedHandler(env);
        connections = LiveConnections.fromEnv(env);
        orders = OrderRepository.fromEnv(env);
        audit = new AuditLog(env.aws().dynamo(), env.require("AUDIT_TABLE"));
    }

    @AfterAll
    static void stop() {
        callbacks.stop(0);
        runtime.close();
    }

    private static JsonNode invoke(Object event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.bytes(event)), out,
                new LocalLambdaContext("LiveFeedFunction", 512, 30));
        return Json.tree(out.toString(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> webSocket(String route, String connectionId, Map<String, String> query,
                                                 String body) {
        Map<String, Object> event = new HashMap<>();
        event.put("requestContext", Map.of("routeKey", route, "connectionId", connectionId));
        if (query != null) {
            event.put("queryStringParameters", query);
        }
        if (body != null) {
            event.put("body", body);
        }
        return event;
    }

    /** The feed queue's message for an order version, as EventBridge puts it on OrderEventsFeedQueue. */
    private static Map<String, Object> queued(Order order, String detailType) {
        return Map.of("Records", List.of(Map.of("messageId", UUID.randomUUID().toString(), "body",
                Json.write(Map.of("source", "creatorflow.orders", "detail-type", detailType, "detail", Map.of(
                        "eventId", order.tenantId() + "#" + order.orderId() + "#" + order.version(),
                        "tenantId", order.tenantId(), "orderId", order.orderId(), "version", order.version()))))));
    }

    private static String connect(String tenant, Role role) throws Exception {
        String token = ApiClient.signIn(runtime, tenant, "owner-" + tenant, role);
        assertThat(ApiClient.send(runtime, "GET", "/v1/team", null, token, null).statusCode()).isEqualTo(200);
        String connectionId = UUID.randomUUID().toString();
        assertThat(invoke(webSocket("$connect", connectionId, Map.of("token", token), null)).get("statusCode")
                .asInt()).isEqualTo(200);
        return connectionId;
    }

    private static List<String> postedTo(String connectionId) {
        return posted.stream().filter(p -> p[0].equals(connectionId)).map(p -> p[1]).toList();
    }

    @Test
    void connectRefusesAMissingOrForgedTokenAndAStrangerToTheTeam() throws Exception {
        assertThat(invoke(webSocket("$connect", "c-none", Map.of(), null)).get("statusCode").asInt()).isEqualTo(401);
        String token = ApiClient.signIn(runtime, "live-h-" + UUID.randomUUID(), "someone", Role.OWNER);
        String forged = token.substring(0, token.length() - 4) + "AAAA";
        assertThat(invoke(webSocket("$connect", "c-forged", Map.of("token", forged), null)).get("statusCode")
                .asInt()).isEqualTo(401);
        String tenant = "live-h-" + UUID.randomUUID();
        connect(tenant, Role.OWNER);
        String stranger = ApiClient.signIn(runtime, tenant, "not-a-member", Role.MANAGER);
        assertThat(invoke(webSocket("$connect", "c-stranger", Map.of("token", stranger), null)).get("statusCode")
                .asInt()).isEqualTo(403);
        assertThat(connections.tenantOf("c-stranger")).isEmpty();
    }

    @Test
    void anOrderChangeIsPostedToItsTenantsConnectionsOnlyAndAGoneConnectionIsForgotten() throws Exception {
        String tenant = "live-h-" + UUID.randomUUID();
        String other = "live-h-" + UUID.randomUUID();
        String mine = connect(tenant, Role.OWNER);
        String closed = connect(tenant, Role.OWNER);
        String theirs = connect(other, Role.OWNER);
        gone.add(closed);
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");

        JsonNode answer = invoke(queued(order, "OrderCreated"));
        assertThat(answer.get("batchItemFailures")).isEmpty();
        assertThat(postedTo(mine)).hasSize(1);
        JsonNode event = Json.tree(postedTo(mine).get(0));
        assertThat(event.get("orderId").asText()).isEqualTo(order.orderId());
        assertThat(event.get("state").asText()).isEqualTo("RECEIVED");
        assertThat(event.get("version").asLong()).isEqualTo(1);
        assertThat(event.get("eventId").asText()).endsWith("~" + order.orderId() + "~0000000001");
        assertThat(postedTo(theirs)).isEmpty();
        assertThat(connections.of(tenant)).containsExactly(mine);
        assertThat(connections.tenantOf(closed)).isEmpty();

        Order ready = orders.transition(order, OrderState.READY, "workflow:test", "validated");
        invoke(queued(ready, "NeedsAttention"));
        assertThat(postedTo(mine)).as("NeedsAttention repeats its OrderStatusChanged and is not sent").hasSize(1);
        invoke(queued(ready, "OrderStatusChanged"));
        assertThat(Json.tree(postedTo(mine).get(1)).get("previousState").asText()).isEqualTo("RECEIVED");
    }

    @Test
    void resumeSendsTheChangesAfterTheNamedEventAndBadInputIs400() throws Exception {
        String tenant = "live-h-" + UUID.randomUUID();
        String connectionId = connect(tenant, Role.OWNER);
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        order = orders.transition(order, OrderState.READY, "workflow:test", "validated");
        orders.transition(order, OrderState.RESERVED, "workflow:test", "reserved");
        String first = AuditLog.feedKey(audit.history(tenant, order.orderId()).get(0));

        JsonNode answer = invoke(webSocket("resume", connectionId, null, Json.write(Map.of("action", "resume",
                "after", first))));
        assertThat(answer.get("statusCode").asInt()).isEqualTo(200);
        assertThat(postedTo(connectionId).stream().map(p -> Json.tree(p).get("version").asLong()).toList())
                .containsExactly(2L, 3L);

        JsonNode bad = invoke(webSocket("resume", connectionId, null, "{\"action\":\"resume\",\"after\":\"x\"}"));
        assertThat(bad.get("statusCode").asInt()).isEqualTo(400);
        assertThat(bad.get("body").asText()).contains("after");
        JsonNode unknown = invoke(webSocket("subscribe", connectionId, null, "{\"action\":\"subscribe\"}"));
        assertThat(unknown.get("statusCode").asInt()).isEqualTo(400);

        assertThat(invoke(webSocket("$disconnect", connectionId, null, null)).get("statusCode").asInt())
                .isEqualTo(200);
        assertThat(connections.of(tenant)).isEmpty();
    }
}
