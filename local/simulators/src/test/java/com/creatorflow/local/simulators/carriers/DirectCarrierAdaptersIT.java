package com.creatorflow.local.simulators.carriers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.error.CarrierUnavailable;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.shipping.carrier.direct.DirectCarrierAdapters;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierAdapter;
import com.creatorflow.shared.shipping.domain.CarrierSettings;
import com.creatorflow.shared.shipping.domain.DirectAccount;
import com.creatorflow.shared.shipping.domain.PurchasedLabel;
import com.creatorflow.shared.shipping.domain.RateQuote;
import com.creatorflow.shared.shipping.domain.ShipmentRequest;
import com.creatorflow.shared.shipping.domain.TrackingEvent;
import com.creatorflow.shared.shipping.domain.TrackingStatus;
import com.creatorflow.shared.shipping.domain.WebhookRejected;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The UPS, USPS and FedEx adapters against the direct-carrier simulator over real HTTP: each carrier's own rate,
 * label, void and tracking calls, OAuth tokens (cached, shared under concurrency, refreshed once after a 401), the
 * carriers' errors mapped to our failures, {@code Retry-After}, and purchases that are never bought twice.
 */
class DirectCarrierAdaptersIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static DirectCarrierSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = DirectCarrierSimulator.start();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    static CarrierAdapter adapter(DirectCarrierSimulator simulator, Carrier carrier, URI webhook) {
        CarrierSettings settings = new CarrierSettings(simulator.baseUrl(carrier), null, null,
                Duration.ofSeconds(5), 3, Duration.ofMillis(10), Duration.ofSeconds(30));
        return DirectCarrierAdapters.create(carrier, settings,
                DirectAccount.of(Json.MAPPER.valueToTree(simulator.account(carrier))), webhook, HTTP,
                Clock.systemUTC());
    }

    private static ShipmentRequest shipment(Carrier carrier, int parcels, String postalCode) {
        ShipmentRequest sample = SimulatedShipments.domestic(carrier, parcels);
        Address to = sample.shipTo();
        Address shipTo = new Address(to.name(), to.phone(), to.line1(), to.line2(), to.city(), to.region(),
                postalCode == null ? to.postalCode() : postalCode, to.country());
        return new ShipmentRequest(sample.reference() + "-" + System.nanoTime(), sample.shipFrom(), shipTo,
                sample.parcels(), sample.currency());
    }

    @ParameterizedTest
    @EnumSource(value = Carrier.class, names = {"UPS", "USPS", "FEDEX"})
    void quotesBuysTracksAndVoidsThroughTheCarriersOwnApi(Carrier carrier) {
        CarrierAdapter adapter = adapter(simulator, carrier, null);
        ShipmentRequest request = shipment(carrier, 2, null);

        List<RateQuote> quotes = adapter.rates(request);
        assertThat(quotes).isNotEmpty().allSatisfy(q -> {
            assertThat(q.carrier()).isEqualTo(carrier);
            assertThat(q.amount().toDecimal()).isPositive();
            assertThat(q.estimatedDelivery()).isAfter(java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        });
        RateQuote cheapest = quotes.stream().min(Comparator.comparing(q -> q.amount().toDecimal())).orElseThrow();

        PurchasedLabel label = adapter.buyLabel(request, cheapest.service(), "key-" + System.nanoTime());
        assertThat(label.trackingNumbers()).hasSize(2).allSatisfy(n ->
                assertThat(carrier.isValidTrackingNumber(n)).as(n).isTrue());
        assertThat(label.labels()).hasSize(2).allSatisfy(image -> {
            String magic = new String(image.bytes(), 0, 4, StandardCharsets.ISO_8859_1);
            assertThat(magic).isEqualTo(carrier == Carrier.UPS ? "GIF8" : "%PDF");
        });
        assertThat(label.cost()).isEqualTo(cheapest.amount());

        String moving = label.trackingNumbers().get(0);
        assertThat(adapter.track(moving)).extracting(TrackingEvent::status)
                .containsExactly(TrackingStatus.LABEL_CREATED);
        simulator.advance(moving);
        simulator.advance(moving);
        List<TrackingEvent> events = adapter.track(moving);
        assertThat(events).extracting(TrackingEvent::status).containsExactly(TrackingStatus.LABEL_CREATED,
                TrackingStatus.ACCEPTED, TrackingStatus.IN_TRANSIT);
        assertThat(events).extracting(TrackingEvent::eventId).doesNotHaveDuplicates();

        assertThatThrownBy(() -> adapter.voidLabel(moving)).isInstanceOf(ValidationFailed.class)
                .satisfies(e -> assertThat(((ValidationFailed) e).field()).isEqualTo("trackingNumber"));
        String unused = label.trackingNumbers().get(1);
        adapter.voidLabel(unused);
        assertThat(simulator.parcel(unused).orElseThrow().voided()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = Carrier.class, names = {"UPS", "USPS", "FEDEX"})
    void concurrentCallersShareOneTokenForTheCredential(Carrier carrier) throws Exception {
        CarrierAdapter first = adapter(simulator, carrier, null);
        CarrierAdapter second = adapter(simulator, carrier, null);
        ShipmentRequest request = shipment(carrier, 1, null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<RateQuote>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                CarrierAdapter adapter = i % 2 == 0 ? first : second;
                calls.add(pool.submit(() -> {
                    go.await();
                    return adapter.rates(request);
                }));
            }
            go.countDown();
            for (Future<List<RateQuote>> call : calls) {
                assertThat(call.get()).isNotEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        first.rates(request);
        assertThat(simulator.tokensIssued(carrier)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = Carrier.class, names = {"UPS", "USPS", "FEDEX"})
    void aRefusedTokenIsReplacedOnceAndTheCallSucceeds(Carrier carrier) {
        CarrierAdapter adapter = adapter(simulator, carrier, null);
        ShipmentRequest request = shipment(carrier, 1, null);
        adapter.rates(request);
        simulator.revokeTokens();

        assertThat(adapter.rates(request)).isNotEmpty();
        assertThat(simulator.tokensIssued(carrier)).isEqualTo(2);
    }

    @Test
    void anExpiredTokenIsRenewedBeforeUse() {
        CarrierAdapter adapter = adapter(simulator, Carrier.FEDEX, null);
        ShipmentRequest request = shipment(Carrier.FEDEX, 1, null);
        simulator.tokenLifetime(Carrier.FEDEX, Duration.ofSeconds(30));
        adapter.rates(request);
        long issued = simulator.tokensIssued(Carrier.FEDEX);
        long calls = simulator.calls(Carrier.FEDEX, "POST /rate/v1/rates/quotes");
        adapter.rates(request);
        adapter.rates(request);

        assertThat(simulator.tokensIssued(Carrier.FEDEX)).as("a token within a minute of expiry is not used")
                .isEqualTo(issued + 2);
        assertThat(simulator.calls(Carrier.FEDEX, "POST /rate/v1/rates/quotes")).as("no call was refused")
                .isEqualTo(calls + 2);
    }

    @ParameterizedTest
    @EnumSource(value = Carrier.class, names = {"UPS", "USPS", "FEDEX"})
    void tooManyRequestsWaitsWhatRetryAfterAsksThenSucceeds(Carrier carrier) {
        CarrierAdapter adapter = adapter(simulator, carrier, null);
        ShipmentRequest request = shipment(carrier, 1, null);
        adapter.rates(request);
        simulator.faults(carrier).retryAfter(Duration.ofSeconds(1)).failNext(1, 429);

        long start = System.nanoTime();
        assertThat(adapter.rates(request)).isNotEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aRetryAfterLongerThanWeWaitFailsAtOnceAsUnavailable() {
        CarrierAdapter adapter = adapter(simulator, Carrier.UPS, null);
        simulator.faults(Carrier.UPS).retryAfter(Duration.ofSeconds(120)).failNext(1, 429);

        assertThatThrownBy(() -> adapter.rates(shipment(Carrier.UPS, 1, null)))
                .isInstanceOf(CarrierUnavailable.class).hasMessageContaining("wait 120 s");
    }

    @ParameterizedTest
    @EnumSource(value = Carrier.class, names = {"UPS", "USPS", "FEDEX"})
    void anOutageIsUnavailableAndAnUndeliverableAddressNamesThePostalCode(Carrier carrier) {
        CarrierAdapter adapter = adapter(simulator, carrier, null);
        assertThatThrownBy(() -> adapter.rates(shipment(carrier, 1, EasyPostSimulator.UNDELIVERABLE_POSTAL_CODE)))
                .isInstanceOf(ValidationFailed.class)
                .satisfies(e -> assertThat(((ValidationFailed) e).field()).isEqualTo("shipTo.postalCode"));

        simulator.faults(carrier).outage(true);
        assertThatThrownBy(() -> adapter.rates(shipment(carrier, 1, null))).isInstanceOf(CarrierUnavailable.class);
    }

    @Test
    void wrongCredentialsAreUnavailableNotARefusedRequest() {
        CarrierSettings settings = new CarrierSettings(simulator.baseUrl(Carrier.UPS), null, null,
                Duration.ofSeconds(5), 3, Duration.ofMillis(10), Duration.ofSeconds(30));
        CarrierAdapter adapter = DirectCarrierAdapters.create(Carrier.UPS, settings, new DirectAccount("nobody",
                "wrong", "CF8A12", null, null), null, HTTP, Clock.systemUTC());

        assertThatThrownBy(() -> adapter.rates(shipment(Carrier.UPS, 1, null)))
                .isInstanceOf(CarrierUnavailable.class).hasMessageContaining("refused our credentials");
    }

    @ParameterizedTest
    @EnumSource(value = Carrier.class, names = {"UPS", "USPS", "FEDEX"})
    void aRepeatedPurchaseWithTheSameKeyBuysOnce(Carrier carrier) {
        CarrierAdapter adapter = adapter(simulator, carrier, null);
        ShipmentRequest request = shipment(carrier, 1, null);
        String service = adapter.rates(request).get(0).service();

        PurchasedLabel first = adapter.buyLabel(request, service, "same-key");
        PurchasedLabel again = adapter.buyLabel(request, service, "same-key");

        assertThat(again.trackingNumbers()).isEqualTo(first.trackingNumbers());
        assertThat(simulator.labelPurchases().get(request.reference()).labels()).isEqualTo(1);
    }

    @Test
    void aPurchaseTheCarrierMayHaveReceivedIsNotRepeated() {
        CarrierAdapter adapter = adapter(simulator, Carrier.FEDEX, null);
        ShipmentRequest request = shipment(Carrier.FEDEX, 1, null);
        adapter.rates(request);
        simulator.faults(Carrier.FEDEX).failNext(1, 500);

        assertThatThrownBy(() -> adapter.buyLabel(request, "GROUND", "k-500"))
                .isInstanceOf(CarrierUnavailable.class).hasMessageContaining("not repeated");
        assertThat(simulator.calls(Carrier.FEDEX, "POST /ship/v1/shipments")).isEqualTo(1);

        simulator.faults(Carrier.FEDEX).failNext(1, 503);
        PurchasedLabel label = adapter.buyLabel(request, "GROUND", "k-503");
        assertThat(label.trackingNumbers()).hasSize(1);
        assertThat(simulator.calls(Carrier.FEDEX, "POST /ship/v1/shipments")).as("a 503 is retried").isEqualTo(3);
    }

    @Test
    void upsTrackAlertPostsActivityThatOnlyTheRightCredentialUnlocks() throws Exception {
        ConcurrentLinkedQueue<String[]> received = new ConcurrentLinkedQueue<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/", exchange -> {
            received.add(new String[] {exchange.getRequestHeaders().getFirst("credential"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hook.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + hook.getAddress().getPort() + "/webhooks/carriers/ups");
            CarrierAdapter adapter = adapter(simulator, Carrier.UPS, url);
            ShipmentRequest request = shipment(Carrier.UPS, 1, null);
            String tracking = adapter.buyLabel(request, "GROUND", "k-alert").trackingNumbers().get(0);
            assertThat(simulator.subscribed(tracking)).isTrue();

            simulator.advanceToEnd(tracking);
            assertThat(received).hasSize(4);
            List<TrackingStatus> statuses = new ArrayList<>();
            for (String[] delivery : received) {
                assertThat(adapter.webhookSignatureHeader()).isEqualTo("credential");
                statuses.addAll(adapter.parseWebhook(delivery[0], delivery[1].getBytes(StandardCharsets.UTF_8))
                        .stream().map(TrackingEvent::status).toList());
            }
            assertThat(statuses).containsExactly(TrackingStatus.ACCEPTED, TrackingStatus.IN_TRANSIT,
                    TrackingStatus.OUT_FOR_DELIVERY, TrackingStatus.DELIVERED);
            byte[] body = received.peek()[1].getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> adapter.parseWebhook("forged", body)).isInstanceOf(WebhookRejected.class);
            assertThatThrownBy(() -> adapter.parseWebhook(null, body)).isInstanceOf(WebhookRejected.class);
        } finally {
            hook.stop(0);
        }
    }

    @Test
    void exceptionsReachUsAsLostAndAddressProblems() {
        for (Carrier carrier : DirectCarrierSimulator.CARRIERS) {
            CarrierAdapter adapter = adapter(simulator, carrier, null);
            ShipmentRequest request = shipment(carrier, 2, null);
            PurchasedLabel label = adapter.buyLabel(request, adapter.rates(request).get(0).service(),
                    "k-x-" + carrier.code());
            simulator.scenario(label.trackingNumbers().get(0), Scenario.LOST);
            simulator.scenario(label.trackingNumbers().get(1), Scenario.ADDRESS_PROBLEM);
            label.trackingNumbers().forEach(simulator::advanceToEnd);

            assertThat(adapter.track(label.trackingNumbers().get(0))).last().extracting(TrackingEvent::status)
                    .as(carrier.code()).isEqualTo(TrackingStatus.LOST);
            assertThat(adapter.track(label.trackingNumbers().get(1))).last().extracting(TrackingEvent::status)
                    .as(carrier.code()).isEqualTo(TrackingStatus.ADDRESS_PROBLEM);
        }
    }
}
