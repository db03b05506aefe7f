package com.creatorflow.local.simulators.carriers;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierAdapter;
import com.creatorflow.shared.shipping.domain.PurchasedLabel;
import com.creatorflow.shared.shipping.domain.RateQuote;
import com.creatorflow.shared.shipping.domain.TrackingEvent;
import com.creatorflow.shared.shipping.domain.TrackingStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The FedEx contract: recorded Rate, Ship and Track pairs (modelled on developer.fedex.com's examples) checked against
 * what {@code FedExAdapter} sends and reads, and against what the simulator answers to the recorded requests.
 */
class FedExContractTest {
    private static final Map<String, String> ACCOUNT = Map.of("clientId", "api-key", "clientSecret", "secret-key",
            "accountNumber", "740561073");
    private static final DirectCarrierSimulator simulator = Contracts.simulator();

    private static Contracts.Stub stub() throws Exception {
        return new Contracts.Stub().answer("POST /oauth/token", 200, Json.MAPPER.valueToTree(Map.of(
                "access_token", "recorded", "token_type", "bearer", "expires_in", 3599, "scope", "CXS")));
    }

    @Test
    void theAdapterSendsTheRecordedRateRequestAndReadsItsAnswer() throws Exception {
        try (Contracts.Stub fedex = stub().answer("POST /rate/v1/rates/quotes", 200,
                Contracts.json("fedex-rate-response.json"))) {
            List<RateQuote> quotes = Contracts.adapter(Carrier.FEDEX, fedex.baseUrl(), ACCOUNT)
                    .rates(Contracts.SHIPMENT);

            assertThat(quotes).extracting(RateQuote::service, q -> q.amount().toDecimal().toPlainString(),
                    RateQuote::transitDays, q -> q.estimatedDelivery().toString()).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("GROUND", "13.88", 3, "2025-03-13"),
                    org.assertj.core.groups.Tuple.tuple("TWO_DAY", "31.50", 2, "2025-03-12"));
            JsonNode sent = fedex.last("POST /rate/v1/rates/quotes").json();
            assertThat(Contracts.paths(sent)).isEqualTo(Contracts.paths(Contracts.json("fedex-rate-request.json")));
            assertThat(new String(fedex.last("POST /oauth/token").body()))
                    .isEqualTo("grant_type=client_credentials&client_id=api-key&client_secret=secret-key");
        }
    }

    @Test
    void theAdapterSendsTheRecordedShipRequestAndReadsTheLabel() throws Exception {
        try (Contracts.Stub fedex = stub().answer("POST /ship/v1/shipments", 200,
                Contracts.json("fedex-ship-response.json"))) {
            PurchasedLabel label = Contracts.adapter(Carrier.FEDEX, fedex.baseUrl(), ACCOUNT)
                    .buyLabel(Contracts.SHIPMENT, "GROUND", "key-1");

            assertThat(label.shipmentId()).isEqualTo("794953555571");
            assertThat(label.trackingNumbers()).containsExactly("794953555571");
            assertThat(label.cost().toDecimal().toPlainString()).isEqualTo("13.88");
            assertThat(label.labels()).singleElement().satisfies(image ->
                    assertThat(new String(image.bytes(), 0, 4)).isEqualTo("%PDF"));
            Contracts.Stub.Received sent = fedex.last("POST /ship/v1/shipments");
            assertThat(Contracts.paths(sent.json()))
                    .isEqualTo(Contracts.paths(Contracts.json("fedex-ship-request.json")));
            assertThat(sent.json().path("requestedShipment").path("serviceType").asText()).isEqualTo("FEDEX_GROUND");
            assertThat(sent.headers()).containsKey("x-customer-transaction-id");
        }
    }

    @Test
    void theAdapterSendsTheRecordedTrackRequestAndReadsScansOldestFirst() throws Exception {
        try (Contracts.Stub fedex = stub().answer("POST /track/v1/trackingnumbers", 200,
                Contracts.json("fedex-track-response.json"))) {
            List<TrackingEvent> events = Contracts.adapter(Carrier.FEDEX, fedex.baseUrl(), ACCOUNT)
                    .track("794953555571");

            assertThat(events).extracting(TrackingEvent::status).containsExactly(TrackingStatus.LABEL_CREATED,
                    TrackingStatus.IN_TRANSIT, TrackingStatus.DELIVERED);
            assertThat(events.get(2).occurredAt()).hasToString("2025-03-12T18:30:00Z");
            assertThat(fedex.last("POST /track/v1/trackingnumbers").json())
                    .isEqualTo(Contracts.json("fedex-track-request.json"));
        }
    }

    @Test
    void theRecordedErrorBodyIsARefusalNamingThePostalCode() throws Exception {
        try (Contracts.Stub fedex = stub().answer("POST /rate/v1/rates/quotes", 400,
                Contracts.json("fedex-error-response.json"))) {
            CarrierAdapter adapter = Contracts.adapter(Carrier.FEDEX, fedex.baseUrl(), ACCOUNT);
            Contracts.assertRefused(() -> adapter.rates(Contracts.SHIPMENT), "RECIPIENTS.POSTALCODE.INVALID",
                    "shipTo.postalCode");
        }
    }

    @Test
    void theSimulatorAnswersTheRecordedRequestsInTheRecordedShape() throws Exception {
        String token = simulator.issueToken(Carrier.FEDEX).getKey();
        URI base = simulator.baseUrl(Carrier.FEDEX);
        String account = simulator.account(Carrier.FEDEX).get("accountNumber");

        HttpResponse<byte[]> rated = Contracts.send(URI.create(base + "/rate/v1/rates/quotes"), "POST", token,
                Contracts.json("fedex-rate-request.json"), Map.of());
        assertThat(rated.statusCode()).isEqualTo(200);
        assertThat(Contracts.paths(Json.MAPPER.readTree(rated.body())))
                .containsAll(Contracts.paths(Contracts.json("fedex-rate-response.json")));

        ObjectNode ship = (ObjectNode) Contracts.json("fedex-ship-request.json");
        ((ObjectNode) ship.path("accountNumber")).put("value", account);
        HttpResponse<byte[]> shipped = Contracts.send(URI.create(base + "/ship/v1/shipments"), "POST", token, ship,
                Map.of());
        assertThat(shipped.statusCode()).isEqualTo(200);
        JsonNode answer = Json.MAPPER.readTree(shipped.body());
        assertThat(Contracts.paths(answer)).containsAll(Contracts.paths(Contracts.json("fedex-ship-response.json")));

        String tracking = answer.path("output").path("transactionShipments").path(0).path("masterTrackingNumber")
                .asText();
        ObjectNode track = (ObjectNode) Contracts.json("fedex-track-request.json");
        ((ObjectNode) track.path("trackingInfo").path(0).path("trackingNumberInfo")).put("trackingNumber", tracking);
        simulator.advance(tracking);
        HttpResponse<byte[]> tracked = Contracts.send(URI.create(base + "/track/v1/trackingnumbers"), "POST", token,
                track, Map.of());
        assertThat(tracked.statusCode()).isEqualTo(200);
        assertThat(Contracts.paths(Json.MAPPER.readTree(tracked.body())))
                .containsAll(Contracts.paths(Contracts.json("fedex-track-response.json")));

        ObjectNode undeliverable = (ObjectNode) Contracts.json("fedex-rate-request.json");
        ((ObjectNode) undeliverable.path("requestedShipment").path("recipient").path("address"))
                .put("postalCode", EasyPostSimulator.UNDELIVERABLE_POSTAL_CODE);
        HttpResponse<byte[]> refused = Contracts.send(URI.create(base + "/rate/v1/rates/quotes"), "POST", token,
                undeliverable, Map.of());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Contracts.paths(Json.MAPPER.readTree(refused.body())))
                .isEqualTo(Contracts.paths(Contracts.json("fedex-error-response.json")));
    }
}
