package com.creatorflow.local.simulators.carriers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.error.CarrierUnavailable;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.shipping.carrier.easypost.EasyPostCarrierAdapter;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.EasyPostSignature;
import com.creatorflow.shared.shipping.domain.PurchasedLabel;
import com.creatorflow.shared.shipping.domain.RateQuote;
import com.creatorflow.shared.shipping.domain.ShipmentRequest;
import com.creatorflow.shared.shipping.domain.TrackingEvent;
import com.creatorflow.shared.shipping.domain.TrackingStatus;
import com.creatorflow.shared.shipping.domain.WebhookRejected;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every carrier through the EasyPost adapter against the EasyPost simulator: the happy path, then each fault. */
class EasyPostAdaptersIT {
    private static EasyPostSimulator simulator;
    private static HttpServer receiver;
    private static final LinkedBlockingQueue<String[]> RECEIVED = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws IOException {
        simulator = EasyPostSimulator.start();
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        receiver.createContext("/webhooks/carriers/", exchange -> {
            try (exchange) {
                RECEIVED.add(new String[] {exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst(EasyPostSignature.HEADER),
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
        simulator.faults().clear();
        for (Carrier carrier : Carrier.values()) {
            simulator.faults(carrier).clear();
        }
        RECEIVED.clear();
    }

    @org.junit.jupiter.api.Test
    void countsPurchasesPerReferenceAndAnIdempotentReplayBuysNoSecondLabel() throws Exception {
        Carrier carrier = Carrier.values()[0];
        EasyPostCarrierAdapter adapter = SimulatedShipments.adapter(simulator, carrier, null);
        ShipmentRequest first = SimulatedShipments.domestic(carrier, 1);
        ShipmentRequest request = new ShipmentRequest("tenant-count/order-" + System.nanoTime(), first.shipFrom(),
                first.shipTo(), first.parcels(), first.currency());
        String service = adapter.rates(request).get(0).service();

        adapter.buyLabel(request, service, "count-1");
        adapter.buyLabel(request, service, "count-1");
        assertThat(simulator.labelPurchases().get(request.reference()))
                .isEqualTo(new EasyPostSimulator.LabelPurchases(2, 1));

        adapter.buyLabel(request, service, "count-2");
        assertThat(simulator.labelPurchases().get(request.reference()))
                .as("another key is another label: a duplicate for the same reference")
                .isEqualTo(new EasyPostSimulator.LabelPurchases(3, 2));
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void quotesBuysTracksParsesWebhooksAndVoids(Carrier carrier) throws Exception {
        EasyPostCarrierAdapter adapter = SimulatedShipments.adapter(simulator, carrier, null);
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
        assertThat(label.labels()).as("EasyPost's own postage label per parcel, downloaded from label_pdf_url")
                .hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(label.labels().get(i).format()).isEqualTo("PDF");
            assertThat(new String(label.labels().get(i).bytes(), StandardCharsets.ISO_8859_1)).startsWith("%PDF")
                    .contains("TRACKING #: " + label.trackingNumbers().get(i));
        }
        assertThat(adapter.buyLabel(request, service, "order-1:" + carrier.code()).trackingNumbers())
                .as("same idempotency key, same label").isEqualTo(label.trackingNumbers());

        String first = label.trackingNumbers().get(0);
        assertThat(adapter.track(first)).extracting(TrackingEvent::status).containsExactly(TrackingStatus.LABEL_CREATED);

        assertThat(simulator.advance(first)).hasValueSatisfying(d -> assertThat(d.webhookStatus()).isEqualTo(200));
        String[] delivery = RECEIVED.poll(5, TimeUnit.SECONDS);
        assertThat(delivery).isNotNull();
        assertThat(delivery[0]).isEqualTo("/webhooks/carriers/easypost");
        List<TrackingEvent> events = adapter.parseWebhook(delivery[1], delivery[2].getBytes());
        assertThat(events).extracting(TrackingEvent::status)
                .containsExactly(TrackingStatus.LABEL_CREATED, TrackingStatus.ACCEPTED);
        assertThat(events.getLast()).satisfies(e -> {
            assertThat(e.trackingNumber()).isEqualTo(first);
            assertThat(e.nativeCode()).isEqualTo("in_transit/received_at_origin_facility");
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
                .hasMessageContaining("simulated outage");
        simulator.faults(carrier).outage(false);

        simulator.faults(carrier).failNext(1, 502);
        assertThat(fresh(carrier).rates(request)).as("one 502 is retried").isNotEmpty();
        simulator.faults(carrier).failNext(2, 500);
        assertThatThrownBy(() -> fresh(carrier).rates(request)).isInstanceOf(CarrierUnavailable.class);

        simulator.faults(carrier).hangNext(1, Duration.ofMillis(700));
        assertThat(fresh(carrier).rates(request)).as("one timeout is retried").isNotEmpty();
        simulator.faults(carrier).hangNext(2, Duration.ofMillis(700));
        String service = carrier.services().get(0).code();
        assertThatThrownBy(() -> fresh(carrier).buyLabel(request, service, "k-hang-" + carrier.code()))
                .isInstanceOf(CarrierUnavailable.class).hasMessageContaining("no answer within 400 ms");
    }

    private static EasyPostCarrierAdapter fresh(Carrier carrier) {
        return SimulatedShipments.adapter(simulator, carrier, null);
    }

    @ParameterizedTest
    @EnumSource(Carrier.class)
    void refusalsAreValidationFailuresNamingTheField(Carrier carrier) {
        EasyPostCarrierAdapter adapter = SimulatedShipments.adapter(simulator, carrier, null);
        ShipmentRequest good = SimulatedShipments.domestic(carrier, 1);
        Address to = good.shipTo();
        ShipmentRequest bad = new ShipmentRequest(good.reference(), good.shipFrom(), new Address(to.name(), to.phone(),
                to.line1(), to.line2(), to.city(), to.region(), EasyPostSimulator.UNDELIVERABLE_POSTAL_CODE,
                to.country()), good.parcels(), good.currency());
        assertThatThrownBy(() -> adapter.rates(bad)).isInstanceOfSatisfying(ValidationFailed.class,
                e -> assertThat(e.field()).isEqualTo("shipTo.postalCode"));
        assertThatThrownBy(() -> adapter.buyLabel(good, "NO_SUCH_SERVICE", "k")).isInstanceOfSatisfying(
                ValidationFailed.class, e -> assertThat(e.field()).isEqualTo("service"));
        assertThatThrownBy(() -> adapter.track("not-a-number")).isInstanceOfSatisfying(ValidationFailed.class,
                e -> assertThat(e.field()).isEqualTo("trackingNumber"));
        assertThatThrownBy(() -> SimulatedShipments.adapter(simulator, carrier, "wrong-key").rates(good))
                .isInstanceOf(CarrierUnavailable.class).hasMessageContaining("refused the API key");
    }

    @org.junit.jupiter.api.Test
    void forgedTamperedOrUnsignedWebhooksAreRejected() {
        EasyPostCarrierAdapter adapter = SimulatedShipments.adapter(simulator, Carrier.UPS, null);
        byte[] body = ("{\"object\":\"Event\",\"description\":\"tracker.updated\",\"result\":{}}").getBytes();
        String forged = EasyPostSignature.sign("not-the-secret", body);
        assertThatThrownBy(() -> adapter.parseWebhook(forged, body)).isInstanceOf(WebhookRejected.class);
        String signed = EasyPostSignature.sign(simulator.webhookSecret(), body);
        byte[] tampered = new String(body).replace("updated", "created").getBytes();
        assertThatThrownBy(() -> adapter.parseWebhook(signed, tampered)).isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> adapter.parseWebhook(null, body)).isInstanceOf(WebhookRejected.class);
        assertThat(adapter.parseWebhook(signed, body)).as("signed, and no tracking details").isEmpty();
    }

    @org.junit.jupiter.api.Test
    void easyPostItselfDownIsEveryCarrierUnavailableAndARateLimitIsRetried() {
        ShipmentRequest request = SimulatedShipments.domestic(Carrier.USPS, 1);
        simulator.faults().outage(true);
        assertThatThrownBy(() -> fresh(Carrier.USPS).rates(request)).isInstanceOf(CarrierUnavailable.class)
                .hasMessageContaining("USPS via EasyPost is unavailable");
        simulator.faults().outage(false);
        simulator.faults().failNext(1, 429);
        assertThat(fresh(Carrier.USPS).rates(request)).as("one 429 is retried").isNotEmpty();
        simulator.faults().failNext(2, 429);
        assertThatThrownBy(() -> fresh(Carrier.USPS).rates(request)).isInstanceOf(CarrierUnavailable.class)
                .hasMessageContaining("HTTP 429 RATE_LIMITED");
    }

    @ParameterizedTest
    @EnumSource(value = Carrier.class, names = {"UPS", "ROYAL_MAIL"})
    void aCarrierThatKeepsFailingHasItsCircuitOpened(Carrier carrier) {
        EasyPostCarrierAdapter adapter = SimulatedShipments.adapter(simulator, carrier, null);
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
