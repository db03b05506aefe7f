package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.local.simulators.tiktok.SimShop;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.store.AuditLog;
import com.creatorflow.shared.store.domain.AuditRecord;
import com.creatorflow.shared.team.Role;
import com.creatorflow.shared.tiktok.ShopRegistry;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/**
 * The live order feed on the local runtime: a TikTok simulator order's changes travel the template's path (audit
 * stream, OrderEventsFunction, the bus, OrderEventsFeedQueue, LiveFeedFunction, the {@code @connections} API) to
 * the tenant's open server-sent event streams.
 */
class LiveFeedIT {
    private static SimulatedWorld world;
    private static AuditLog audit;
    private static ShopRegistry shops;

    @BeforeAll
    static void start() {
        world = SimulatedWorld.start(Map.of("LIVE_HEARTBEAT_SECONDS", "1", "API_RATE_LIMIT_PER_SECOND", "1000000",
                "API_TOKEN_RATE_LIMIT_PER_SECOND", "1000000"));
        Env env = world.runtime().functions().get("TikTokSyncFunction").env();
        audit = new AuditLog(env.aws().dynamo(), env.require("AUDIT_TABLE"));
        shops = ShopRegistry.fromEnv(env);
        warmUp();
    }

    /**
     * One order through the whole path first, so that the measured changes do not pay the functions' cold starts
     * (in AWS SnapStart and warm execution environments do the same).
     */
    private static void warmUp() {
        String tenant = "live-warm-" + UUID.randomUUID();
        try (LiveSseClient stream = LiveSseClient.open(world.runtime(), "/v1/events/stream", ownerToken(tenant),
                null)) {
            String orderId = world.tiktok().createPaidOrder(tenantWithShop(tenant));
            Eventually.await("a first change reached a stream", Duration.ofSeconds(90),
                    () -> !stream.eventsOf(orderId).isEmpty());
        } catch (Exception e) {
            throw new IllegalStateException("the live feed did not warm up", e);
        }
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    /** A tenant with a connected simulator shop; answers the shop id. */
    private static String tenantWithShop(String tenant) {
        SimShop shop = world.tiktok().addShop("Live shop " + UUID.randomUUID());
        shops.save(shop.toShop(tenant));
        return shop.id();
    }

    private static String ownerToken(String tenant) throws Exception {
        // signing in founds the tenant's team with this owner
        String token = ApiClient.signIn(world.runtime(), tenant, "owner-" + tenant, Role.OWNER);
        assertThat(ApiClient.send(world.runtime(), "GET", "/v1/team", null, token, null).statusCode()).isEqualTo(200);
        return token;
    }

    /** Adds a note to an order through the API: one more audit entry, one more change on the feed. */
    private static void note(String token, String orderId, String text) throws Exception {
        HttpResponse<String> answer = ApiClient.send(world.runtime(), "POST", "/v1/orders/" + orderId + "/notes",
                Json.write(Map.of("note", text)), token, null);
        assertThat(answer.statusCode()).as(answer.body()).isLessThan(300);
    }

    @Test
    void aSimulatorOrderAndEachLaterChangeReachAnOpenStreamWithinOneSecond() throws Exception {
        String tenant = "live-" + UUID.randomUUID();
        String shopId = tenantWithShop(tenant);
        String token = ownerToken(tenant);
        try (LiveSseClient stream = LiveSseClient.open(world.runtime(), "/v1/events/stream", token, null)) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            String orderId = world.tiktok().createPaidOrder(shopId);
            Eventually.await("the new order reached the stream", Duration.ofSeconds(30),
                    () -> !stream.eventsOf(orderId).isEmpty());
            for (int i = 1; i <= 3; i++) {
                note(token, orderId, "packed shelf " + i);
                Thread.sleep(300);
            }
            List<AuditRecord> trail = audit.history(tenant, orderId);
            Eventually.await("every change reached the stream", Duration.ofSeconds(10),
                    () -> stream.eventsOf(orderId).size() == trail.size());
            for (LiveSseClient.Received event : stream.eventsOf(orderId)) {
                assertThat(event.type()).isEqualTo("order");
                assertThat(event.id()).isEqualTo(event.data().get("eventId").asText());
                assertThat(event.data().get("shopId").asText()).isEqualTo(shopId);
                Duration lag = Duration.between(Instant.parse(event.data().get("at").asText()), event.arrived());
                assertThat(lag).as("version %s arrived after its change", event.data().get("version"))
                        .isLessThan(Duration.ofSeconds(1));
            }
            assertThat(stream.eventsOf(orderId).stream().map(e -> e.data().get("version").asLong()).toList())
                    .containsExactlyElementsOf(trail.stream().map(AuditRecord::seq).toList());
            Eventually.await("a quiet stream gets a ping comment (heartbeat 1 s here)", Duration.ofSeconds(5),
                    () -> stream.comments().contains("ping"));
        }
    }

    @Test
    void aStreamResumedAfterADisconnectGetsEveryMissedChangeOnceAndNothingTwice() throws Exception {
        String tenant = "live-" + UUID.randomUUID();
        String shopId = tenantWithShop(tenant);
        String token = ownerToken(tenant);
        List<LiveSseClient.Received> before;
        String orderId;
        try (LiveSseClient first = LiveSseClient.open(world.runtime(), "/v1/events/stream", token, null)) {
            orderId = world.tiktok().createPaidOrder(shopId);
            String id = orderId;
            Eventually.await("a first change arrived", Duration.ofSeconds(30), () -> !first.eventsOf(id).isEmpty());
            before = first.eventsOf(orderId);
        }
        for (int i = 1; i <= 3; i++) {
            note(token, orderId, "while away " + i);
        }
        String lastSeen = before.get(before.size() - 1).id();
        try (LiveSseClient resumed = LiveSseClient.open(world.runtime(), "/v1/events/stream", token, lastSeen);
             LiveSseClient byQuery = LiveSseClient.open(world.runtime(), "/v1/events/stream?after="
                     + URLEncoder.encode(lastSeen, StandardCharsets.UTF_8), token, null)) {
            note(token, orderId, "after the return");
            List<AuditRecord> trail = audit.history(tenant, orderId);
            assertThat(trail).hasSize(before.size() + 4);
            String id = orderId;
            Eventually.await("the missed and the new changes arrived", Duration.ofSeconds(10),
                    () -> before.size() + resumed.eventsOf(id).size() >= trail.size()
                            && before.size() + byQuery.eventsOf(id).size() >= trail.size());
            Thread.sleep(1500);
            for (LiveSseClient stream : List.of(resumed, byQuery)) {
                List<Long> versions = new ArrayList<>();
                before.forEach(e -> versions.add(e.data().get("version").asLong()));
                stream.eventsOf(orderId).forEach(e -> versions.add(e.data().get("version").asLong()));
                assertThat(versions).as("versions received before and after the disconnect")
                        .containsExactlyElementsOf(trail.stream().map(AuditRecord::seq).toList());
            }
        }
    }

    @Test
    void anotherTenantsChangesNeverReachAStream() throws Exception {
        String tenant = "live-" + UUID.randomUUID();
        String other = "live-other-" + UUID.randomUUID();
        String shopId = tenantWithShop(tenant);
        tenantWithShop(other);
        try (LiveSseClient mine = LiveSseClient.open(world.runtime(), "/v1/events/stream", ownerToken(tenant), null);
             LiveSseClient theirs = LiveSseClient.open(world.runtime(), "/v1/events/stream", ownerToken(other),
                     null)) {
            Eventually.await("both streams are registered", Duration.ofSeconds(5),
                    () -> world.runtime().openLiveStreams() >= 2);
            String orderId = world.tiktok().createPaidOrder(shopId);
            Eventually.await("the tenant's stream got the new order", Duration.ofSeconds(30),
                    () -> !mine.eventsOf(orderId).isEmpty());
            Thread.sleep(1000);
            assertThat(theirs.events()).isEmpty();
            // replaying from the beginning of time shows the other tenant nothing of this tenant either
            try (LiveSseClient replay = LiveSseClient.open(world.runtime(), "/v1/events/stream",
                    ownerToken(other), "2000-01-01T00:00:00.000Z~0~0000000000")) {
                Thread.sleep(1500);
                assertThat(replay.events()).isEmpty();
            }
        }
    }

    @Test
    void badInputIsAClearClientErrorAndNoTokenIs401() throws Exception {
        String tenant = "live-" + UUID.randomUUID();
        String token = ownerToken(tenant);
        HttpResponse<String> noToken = ApiClient.send(world.runtime(), "GET", "/v1/events/stream", null, null, null);
        assertThat(noToken.statusCode()).isEqualTo(401);
        HttpResponse<String> badAfter = ApiClient.send(world.runtime(), "GET", "/v1/events/stream?after=yesterday",
                null, token, null);
        assertThat(badAfter.statusCode()).isEqualTo(400);
        assertThat(badAfter.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Json.tree(badAfter.body()).toString()).contains("after");
        try (LiveSseClient badHeader = LiveSseClient.open(world.runtime(), "/v1/events/stream", token, "garbage")) {
            assertThat(badHeader.status()).isEqualTo(400);
        }
        HttpResponse<String> post = ApiClient.send(world.runtime(), "POST", "/v1/events/stream", "{}", token, null);
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void theConnectionsApiAnswersGoneForAConnectionThatIsNotOpen() {
        try (ApiGatewayManagementApiClient client = world.runtime().aws().at(world.runtime().baseUrl(),
                ApiGatewayManagementApiClient::builder)) {
            assertThatThrownBy(() -> client.postToConnection(r -> r.connectionId("sse-" + UUID.randomUUID())
                    .data(SdkBytes.fromUtf8String("{}")))).isInstanceOf(GoneException.class);
        }
    }

    @Test
    void manyStreamsOfOneTenantEachGetTheChange() throws Exception {
        String tenant = "live-" + UUID.randomUUID();
        String shopId = tenantWithShop(tenant);
        String token = ownerToken(tenant);
        List<LiveSseClient> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                streams.add(LiveSseClient.open(world.runtime(), "/v1/events/stream", token, null));
            }
            Eventually.await("20 streams are registered", Duration.ofSeconds(10),
                    () -> world.runtime().openLiveStreams() >= 20);
            String orderId = world.tiktok().createPaidOrder(shopId);
            Eventually.await("every stream got the order", Duration.ofSeconds(30),
                    () -> streams.stream().allMatch(s -> !s.eventsOf(orderId).isEmpty()));
            assertThat(new HashSet<>(streams.stream().map(s -> s.eventsOf(orderId).get(0).id()).toList())).hasSize(1);
        } finally {
            streams.forEach(LiveSseClient::close);
        }
    }
}
