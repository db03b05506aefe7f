package com.creatorflow.local.simulators.carriers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.error.CarrierUnavailable;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.shipping.carrier.Carrier;
import com.creatorflow.shared.shipping.carrier.HttpCarrierAdapter;
import com.creatorflow.shared.shipping.carrier.PurchasedLabel;
import com.creatorflow.shared.shipping.carrier.RateQuote;
import com.creatorflow.shared.shipping.carrier.ShipmentRequest;
import com.creatorflow.shared.shipping.carrier.TrackingEvent;
import com.creatorflow.shared.shipping.carrier.TrackingStatus;
import com.creatorflow.shared.shipping.carrier.WebhookRejected;
import com.creatorflow.shared.shipping.carrier.WebhookSignature;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every carrier adapter against its simulated carrier: the happy path end to end, then each kind of fault. */
class CarrierAdaptersIT {
    private static CarrierSimulator simulator;
    private static HttpServer receiver;
    private static final LinkedBlockingQueue<String[]> RECEIVED = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws IOException {
        simulator = CarrierSimulator.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        receiver.createContext("/webhooks/carriers/", exchange -> {
            try (exchange) {
                RECEIVED.add(new String[] {exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER),
                        new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)});
                exchange.sendResponseHeaders(200, -1);
            }
        });
        receiver.start();
        simulator.webhookTarget(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort()));
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
        simulator.close();
    }

    @BeforeEach
    void clearFaults() {
        for (Carrier carrier : Carrier.values()) {
            simulator.faults(carrier).clear();
        }
        RECEIVED.clear();
    }

    @org.junit.jupiter.api.Test
    void countsPurchasesPerReferenceAndAnIdempotentReplayBuysNoSecondLabel() throws Exception {
        Carrier carrier = Carrier.values()[0];
        HttpCarrierAdapter adapter = SimulatedShipments.adapter(simulator, carrier, null);
        ShipmentRequest first = SimulatedShipments.domestic(carrier, 1);
        ShipmentRequest request = new ShipmentRequest("tenant-count/order-" + System.nanoTime(), first.shipFrom(),
                first.shipTo(), first.parcels(), first.currency());
        String service = adapter.rates(request).get(0).service();

        adapter.buyLabel(request, service, "count-1");
        adapter.buyLabel(request, service, "count-1");
        assertThat(simulator.labelPurchases().get(request.reference()))
                .isEqualTo(new CarrierSimulator.LabelPurchases(2, 1));

        adapter.buyLabel(request, service, "count-2");
        assertThat(simulator.labelPurchases().get(request.reference()))
                .as("another key is another label: a duplicate for the same reference")
                .isEqualTo(new CarrierSimulator.LabelPurchases(3, 2));
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void quotesBuysTracksParsesWebhooksAndVoids(Carrier carrier) throws Exception {
        HttpCarrierAdapter adapter = SimulatedShipments.adapter(simulator, carrier, null);
        ShipmentRequest request = SimulatedShipments.domestic(carrier, 2);

        List<RateQuote> quotes = adapter.rates(request);
        assertThat(quotes).isNotEmpty();
        assertThat(quotes).allSatisfy(q -> {
            assertThat(carrier.service(q.service()).international()).isFalse();
            assertThat(q.amount().minor()).isPositive();
            assertThat(q.amount().currency()).isEqualTo(request.currency());
        });

        String service = quotes.get(0).service();
        PurchasedLabel label = adapter.buyLabel(request, service, "order-1:" + carrier.code());
        assertThat(label.trackingNumbers()).hasSize(2).allSatisfy(n ->
                assertThat(carrier.isValidTrackingNumber(n)).as(carrier + " issued " + n).isTrue());
        assertThat(adapter.buyLabel(request, service, "order-1:" + carrier.code()).trackingNumbers())
                .as("same idempotency key, same label").isEqualTo(label.trackingNumbers());

        String first = label.trackingNumbers().get(0);
        assertThat(adapter.track(first)).extracting(TrackingEvent::status).containsExactly(TrackingStatus.LABEL_CREATED);

        assertThat(simulator.advance(first)).hasValueSatisfying(d -> assertThat(d.webhookStatus()).isEqualTo(200));
        String[] delivery = RECEIVED.poll(5, TimeUnit.SECONDS);
        assertThat(delivery).isNotNull();
        assertThat(delivery[0]).isEqualTo("/webhooks/carriers/" + carrier.code());
        List<TrackingEvent> events = adapter.parseWebhook(delivery[1], delivery[2].getBytes());
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(TrackingStatus.ACCEPTED);
            assertThat(e.trackingNumber()).isEqualTo(first);
            assertThat(e.nativeCode()).isEqualTo(carrier.nativeCode(TrackingStatus.ACCEPTED));
        });
        assertThat(adapter.track(first)).extracting(TrackingEvent::status)
                .containsExactly(TrackingStatus.LABEL_CREATED, TrackingStatus.ACCEPTED);

        String second = label.trackingNumbers().get(1);
        adapter.voidLabel(second);
        adapter.voidLabel(second);
        assertThat(simulator.parcel(second)).hasValueSatisfying(p -> assertThat(p.voided()).isTrue());
        assertThatThrownBy(() -> adapter.voidLabel(first)).isInstanceOf(ValidationFailed.class)
                .hasMessageContaining("can no longer be voided");
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void anOutageAnExhaustedRetryAndAHangAreCarrierUnavailable(Carrier carrier) {
        ShipmentRequest request = SimulatedShipments.domestic(carrier, 1);

        simulator.faults(carrier).outage(true);
        assertThatThrownBy(() -> fresh(carrier).rates(request)).isInstanceOf(CarrierUnavailable.class)
                .hasMessageContaining("HTTP 503");
        simulator.faults(carrier).outage(false);

        simulator.faults(carrier).failNext(1, 502);
        assertThat(fresh(carrier).rates(request)).as("one 502 is retried").isNotEmpty();
        simulator.faults(carrier).failNext(2, 500);
        assertThatThrownBy(() -> fresh(carrier).rates(request)).isInstanceOf(CarrierUnavailable.class);

        simulator.faults(carrier).hangNext(1, Duration.ofMillis(700));
        assertThat(fresh(carrier).rates(request)).as("one timeout is retried").isNotEmpty();
        simulator.faults(carrier).hangNext(2, Duration.ofMillis(700));
        assertThatThrownBy(() -> fresh(carrier).buyLabel(request, carrier.services().get(0).code(), "k-hang"))
                .isInstanceOf(CarrierUnavailable.class).hasMessageContaining("no answer within 400 ms");
    }

    private static HttpCarrierAdapter fresh(Carrier carrier) {
        return SimulatedShipments.adapter(simulator, carrier, null);
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void refusalsAreValidationFailuresNamingTheField(Carrier carrier) {
        HttpCarrierAdapter adapter = SimulatedShipments.adapter(simulator, carrier, null);
        ShipmentRequest good = SimulatedShipments.domestic(carrier, 1);
        Address to = good.shipTo();
        ShipmentRequest bad = new ShipmentRequest(good.reference(), good.shipFrom(), new Address(to.name(), to.phone(),
                to.line1(), to.line2(), to.city(), to.region(), CarrierSimulator.UNDELIVERABLE_POSTAL_CODE,
                to.country()), good.parcels(), good.currency());
        assertThatThrownBy(() -> adapter.rates(bad)).isInstanceOfSatisfying(ValidationFailed.class,
                e -> assertThat(e.field()).isEqualTo("shipTo.postalCode"));
        assertThatThrownBy(() -> adapter.buyLabel(good, "NO_SUCH_SERVICE", "k")).isInstanceOfSatisfying(
                ValidationFailed.class, e -> assertThat(e.field()).isEqualTo("service"));
        assertThatThrownBy(() -> adapter.track("not-a-number")).isInstanceOfSatisfying(ValidationFailed.class,
                e -> assertThat(e.field()).isEqualTo("trackingNumber"));
        assertThatThrownBy(() -> SimulatedShipments.adapter(simulator, carrier, "wrong-key").rates(good))
                .isInstanceOf(CarrierUnavailable.class).hasMessageContaining("credentials");
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void forgedOrTamperedWebhooksAreRejected(Carrier carrier) {
        HttpCarrierAdapter adapter = SimulatedShipments.adapter(simulator, carrier, null);
        byte[] body = ("{\"trackingNumber\":\"x\",\"events\":[]}").getBytes();
        String forged = WebhookSignature.sign("not-the-secret", Instant.now(), body);
        assertThatThrownBy(() -> adapter.parseWebhook(forged, body)).isInstanceOf(WebhookRejected.class);
        String stale = WebhookSignature.sign(simulator.webhookSecret(carrier), Instant.now().minusSeconds(3600), body);
        assertThatThrownBy(() -> adapter.parseWebhook(stale, body)).isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> adapter.parseWebhook(null, body)).isInstanceOf(WebhookRejected.class);
    }

    @ParameterizedTest
    @EnumSource(value = Carrier.class, names = {"UPS", "ROYAL_MAIL"})
    void aCarrierThatKeepsFailingHasItsCircuitOpened(Carrier carrier) {
        HttpCarrierAdapter adapter = SimulatedShipments.adapter(simulator, carrier, null);
        ShipmentRequest request = SimulatedShipments.domestic(carrier, 1);
        simulator.faults(carrier).outage(true);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> adapter.rates(request)).isInstanceOf(CarrierUnavailable.class);
        }
        assertThat(adapter.circuitState()).isEqualTo("OPEN");
        simulator.faults(carrier).outage(false);
        assertThatThrownBy(() -> adapter.rates(request)).isInstanceOf(CarrierUnavailable.class)
                .hasMessageContaining("circuit is open");
    }
}
