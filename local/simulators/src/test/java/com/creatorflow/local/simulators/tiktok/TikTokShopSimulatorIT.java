package com.creatorflow.local.simulators.tiktok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.local.simulators.RecentKeys;
import com.creatorflow.shared.error.TikTokRejected;
import com.creatorflow.shared.error.TikTokUnavailable;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.tiktok.TikTokApp;
import com.creatorflow.shared.tiktok.TikTokShopClient;
import com.creatorflow.shared.tiktok.domain.Shop;
import com.creatorflow.shared.tiktok.domain.TikTokOrder;
import com.creatorflow.shared.tiktok.domain.TikTokOrderMapper;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our Partner API client against the simulator: signatures, batching, tokens, errors and the circuit breaker. */
class TikTokShopSimulatorIT {
    private static final String KEY = "it-app";
    private static final String SECRET = "it-secret-" + System.nanoTime();

    private TikTokShopSimulator simulator;
    private TikTokShopClient client;
    private Shop shop;
    private final AtomicReference<Shop> saved = new AtomicReference<>();

    @BeforeEach
    void start() {
        simulator = TikTokShopSimulator.start(KEY, SECRET);
        SimShop simShop = simulator.addShop("IT shop");
        shop = simShop.toShop("tenant-it");
        client = new TikTokShopClient(new TikTokApp(KEY, SECRET, simulator.baseUrl(), simulator.baseUrl()),
                (s, access, accessExp, refresh, refreshExp) -> {
                    Shop updated = s.withTokens(access, accessExp, refresh, refreshExp);
                    saved.set(updated);
                    return updated;
                },
                new TikTokShopClient.Settings(3, Duration.ofMillis(10), Duration.ofSeconds(1), 50,
                        Duration.ofSeconds(5)), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void remembersOnlyTheNewestOrders() {
        String first = simulator.createOrder(shop.shopId());
        for (int i = 0; i < RecentKeys.SIMULATOR_MEMORY; i++) {
            simulator.createOrder(shop.shopId());
        }
        assertThat(simulator.stats().get("orders")).isEqualTo(RecentKeys.SIMULATOR_MEMORY);
        assertThat(simulator.orderIds(shop.shopId())).hasSize(RecentKeys.SIMULATOR_MEMORY).doesNotContain(first);
        assertThatThrownBy(() -> simulator.status(first)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fetchesOrdersInBatchesOfFifty() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            ids.add(simulator.createPaidOrder(shop.shopId()));
        }
        List<JsonNode> orders = client.orderDetails(shop, ids);
        assertThat(orders).hasSize(120);
        assertThat(simulator.calls("/order/202309/orders")).isEqualTo(3);
        TikTokOrder mapped = TikTokOrderMapper.map(orders.get(0), "tenant-it", shop.shopId());
        assertThat(mapped.status()).isEqualTo(TikTokOrderStatus.AWAITING_SHIPMENT);
        assertThat(mapped.order().lines()).isNotEmpty();
        assertThat(mapped.order().pii().shippingAddress().line1()).doesNotContain("*");
    }

    @Test
    void aWrongSignatureIsRefusedWith106001() throws Exception {
        long now = Instant.now().getEpochSecond();
        URI uri = URI.create(simulator.baseUrl() + "/order/202309/orders?ids=1&app_key=" + KEY + "&timestamp=" + now
                + "&shop_cipher=" + shop.cipher() + "&sign=00ff");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .header("x-tts-access-token", shop.accessToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(Json.tree(response.body()).path("code").asLong()).isEqualTo(106001);
    }

    @Test
    void refreshesAnExpiredTokenAndRepeatsTheCall() {
        String id = simulator.createPaidOrder(shop.shopId());
        simulator.expireAccessToken(shop.shopId());
        assertThat(client.orderDetails(shop, List.of(id))).hasSize(1);
        assertThat(saved.get()).isNotNull();
        assertThat(saved.get().accessToken()).isNotEqualTo(shop.accessToken());
    }

    @Test
    void businessErrorsAreTypedAndNotRetried() {
        String id = simulator.createOrder(shop.shopId());
        simulator.setStatus(id, TikTokOrderStatus.ON_HOLD);
        assertThatThrownBy(() -> client.markShipped(shop, id, "9400100000000000000001", "7117858858072016686",
                List.of())).isInstanceOfSatisfying(TikTokRejected.class, e -> assertThat(e.code()).isEqualTo(21011044));
        assertThat(simulator.calls("/fulfillment/202309/orders/{id}/packages")).isEqualTo(1);
    }

    @Test
    void marksShippedWithAKnownProvider() {
        String id = simulator.createPaidOrder(shop.shopId());
        List<TikTokShopClient.ShippingProvider> providers = client.shippingProviders(shop,
                TikTokShopSimulator.DELIVERY_OPTION);
        String usps = providers.stream().filter(p -> p.name().equals("USPS")).findFirst().orElseThrow().id();
        assertThat(client.markShipped(shop, id, "9400100000000000000042", usps, List.of())).isNotBlank();
        assertThat(simulator.status(id)).isEqualTo(TikTokOrderStatus.AWAITING_COLLECTION);
        assertThatThrownBy(() -> client.markShipped(shop, id, "9400100000000000000042", usps, List.of()))
                .isInstanceOfSatisfying(TikTokRejected.class, e -> assertThat(e.code()).isEqualTo(21011040));
        assertThat(simulator.shipmentPushes().get(id)).as("two calls, one package")
                .isEqualTo(new TikTokShopSimulator.ShipmentPushes(2, 1));
    }

    @Test
    void anOutageOpensTheShopsCircuitAndRecoveryClosesIt() throws Exception {
        String id = simulator.createPaidOrder(shop.shopId());
        simulator.chaos().outage(true);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> client.orderDetails(shop, List.of(id))).isInstanceOf(TikTokUnavailable.class);
        }
        assertThat(client.circuitState(shop.shopId())).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(client.circuitOpenings()).as("the opening is counted (metric TikTokCircuitOpened)").isEqualTo(1);
        long callsWhileOpen = simulator.calls("/order/202309/orders");
        assertThatThrownBy(() -> client.orderDetails(shop, List.of(id))).isInstanceOf(TikTokUnavailable.class)
                .hasMessageContaining("circuit");
        assertThat(simulator.calls("/order/202309/orders")).isEqualTo(callsWhileOpen);

        simulator.chaos().outage(false);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<JsonNode> orders = List.of();
        while (orders.isEmpty() && System.nanoTime() < deadline) {
            try {
                orders = client.orderDetails(shop, List.of(id));
            } catch (TikTokUnavailable stillOpen) {
                Thread.sleep(200);
            }
        }
        assertThat(orders).hasSize(1);
        assertThat(client.circuitState(shop.shopId())).isNotEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void searchFindsOrdersUpdatedInAWindowPageByPage() {
        Instant from = Instant.now().minusSeconds(5);
        for (int i = 0; i < 7; i++) {
            simulator.createPaidOrder(shop.shopId());
        }
        List<JsonNode> found = new ArrayList<>();
        String token = null;
        do {
            TikTokShopClient.SearchPage page = client.searchOrders(shop, from, Instant.now().plusSeconds(60), token, 3);
            found.addAll(page.orders());
            token = page.nextPageToken();
        } while (token != null);
        assertThat(found).hasSize(7);
    }
}
