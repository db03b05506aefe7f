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
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The UPS contract: recorded Rating, Shipping and Tracking pairs (modelled on developer.ups.com's examples) checked
 * against what {@code UpsAdapter} sends and reads, and against what the simulator answers to the recorded requests.
 */
class UpsContractTest {
    private static final Map<String, String> ACCOUNT = Map.of("clientId", "app-id", "clientSecret", "app-secret",
            "accountNumber", "CF8A12");
    private static final JsonNode TOKEN = Json.MAPPER.valueToTree(Map.of("token_type", "Bearer",
            "access_token", "recorded-token", "expires_in", "14399", "status", "approved"));
    private static final DirectCarrierSimulator simulator = Contracts.simulator();

    private static Contracts.Stub stub() throws Exception {
        return new Contracts.Stub().answer("POST /security/v1/oauth/token", 200, TOKEN);
    }

    @Test
    void theAdapterSendsTheRecordedRatingRequestAndReadsItsAnswer() throws Exception {
        try (Contracts.Stub ups = stub().answer("POST /api/rating/v2409/Shop", 200,
                Contracts.json("ups-rate-response.json"))) {
            CarrierAdapter adapter = Contracts.adapter(Carrier.UPS, ups.baseUrl(), ACCOUNT);
            var quotes = adapter.rates(Contracts.SHIPMENT);

            assertThat(quotes).extracting(RateQuote::service, q -> q.amount().toDecimal().toPlainString(),
                    RateQuote::transitDays).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("GROUND", "14.21", 5),
                    org.assertj.core.groups.Tuple.tuple("NEXT_DAY_AIR", "61.05", 1));
            Contracts.Stub.Received sent = ups.last("POST /api/rating/v2409/Shop");
            assertThat(Contracts.paths(sent.json())).as("no field the recorded request lacks")
                    .isSubsetOf(Contracts.paths(Contracts.json("ups-rate-request.json")));
            assertThat(sent.headers()).containsKeys("transid", "transactionsrc")
                    .containsEntry("authorization", "Bearer recorded-token");
            Contracts.Stub.Received token = ups.last("POST /security/v1/oauth/token");
            assertThat(token.headers()).containsEntry("x-merchant-id", "CF8A12")
                    .containsEntry("authorization", "Basic YXBwLWlkOmFwcC1zZWNyZXQ=");
            assertThat(new String(token.body())).isEqualTo("grant_type=client_credentials");
        }
    }

    @Test
    void theAdapterSendsTheRecordedShipRequestAndReadsTheLabel() throws Exception {
        try (Contracts.Stub ups = stub().answer("POST /api/shipments/v2409/ship", 200,
                Contracts.json("ups-ship-response.json"))) {
            PurchasedLabel label = Contracts.adapter(Carrier.UPS, ups.baseUrl(), ACCOUNT)
                    .buyLabel(Contracts.SHIPMENT, "GROUND", "key-1");

            assertThat(label.shipmentId()).isEqualTo("1ZCF8A120300000018");
            assertThat(label.trackingNumbers()).containsExactly("1ZCF8A120300000018");
            assertThat(label.cost().toDecimal().toPlainString()).isEqualTo("14.21");
            assertThat(label.labels()).singleElement().satisfies(image -> {
                assertThat(image.format()).isEqualTo("GIF");
                assertThat(new String(image.bytes(), 0, 4)).isEqualTo("GIF8");
            });
            JsonNode sent = ups.last("POST /api/shipments/v2409/ship").json();
            assertThat(Contracts.paths(sent)).isSubsetOf(Contracts.paths(Contracts.json("ups-ship-request.json")));
            JsonNode shipment = sent.path("ShipmentRequest").path("Shipment");
            assertThat(shipment.path("Service").path("Code").asText()).isEqualTo("03");
            assertThat(shipment.path("Shipper").path("ShipperNumber").asText()).isEqualTo("CF8A12");
            assertThat(shipment.path("Package").path(0).path("PackageWeight").path("Weight").asText())
                    .isEqualTo("2.5");
        }
    }

    @Test
    void theAdapterReadsTheRecordedTrackingAnswerOldestFirst() throws Exception {
        try (Contracts.Stub ups = stub().answer("GET /api/track/v1/details/1ZCF8A120300000018", 200,
                Contracts.json("ups-track-response.json"))) {
            var events = Contracts.adapter(Carrier.UPS, ups.baseUrl(), ACCOUNT).track("1ZCF8A120300000018");

            assertThat(events).extracting(TrackingEvent::status).containsExactly(TrackingStatus.LABEL_CREATED,
                    TrackingStatus.IN_TRANSIT, TrackingStatus.DELIVERED);
            assertThat(events.get(2).occurredAt()).hasToString("2025-03-12T18:30:00Z");
            assertThat(events.get(2).location()).isEqualTo("Alpharetta, GA, US");
        }
    }

    @Test
    void theRecordedErrorBodyIsARefusalNamingTheService() throws Exception {
        try (Contracts.Stub ups = stub().answer("POST /api/rating/v2409/Shop", 400,
                Contracts.json("ups-error-response.json"))) {
            CarrierAdapter adapter = Contracts.adapter(Carrier.UPS, ups.baseUrl(), ACCOUNT);
            Contracts.assertRefused(() -> adapter.rates(Contracts.SHIPMENT), "111210", "service");
        }
    }

    @Test
    void theSimulatorAnswersTheRecordedRequestsInTheRecordedShape() throws Exception {
        String token = simulator.issueToken(Carrier.UPS).getKey();
        URI base = simulator.baseUrl(Carrier.UPS);
        Map<String, String> headers = Map.of("transId", "contract", "transactionSrc", "contract");

        HttpResponse<byte[]> rated = Contracts.send(URI.create(base + "/api/rating/v2409/Shop"), "POST", token,
                Contracts.json("ups-rate-request.json"), headers);
        assertThat(rated.statusCode()).isEqualTo(200);
        assertThat(Contracts.paths(Json.MAPPER.readTree(rated.body())))
                .containsAll(Contracts.paths(Contracts.json("ups-rate-response.json")));

        HttpResponse<byte[]> shipped = Contracts.send(URI.create(base + "/api/shipments/v2409/ship"), "POST", token,
                Contracts.json("ups-ship-request.json"), headers);
        assertThat(shipped.statusCode()).isEqualTo(200);
        JsonNode answer = Json.MAPPER.readTree(shipped.body());
        assertThat(Contracts.paths(answer)).containsAll(Contracts.paths(Contracts.json("ups-ship-response.json")));

        String tracking = answer.path("ShipmentResponse").path("ShipmentResults").path("ShipmentIdentificationNumber")
                .asText();
        simulator.advance(tracking);
        HttpResponse<byte[]> tracked = Contracts.send(URI.create(base + "/api/track/v1/details/" + tracking), "GET",
                token, null, headers);
        assertThat(tracked.statusCode()).isEqualTo(200);
        assertThat(Contracts.paths(Json.MAPPER.readTree(tracked.body())))
                .containsAll(Contracts.paths(Contracts.json("ups-track-response.json")));

        JsonNode undeliverable = Contracts.json("ups-rate-request.json").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) undeliverable.path("RateRequest").path("Shipment")
                .path("ShipTo").path("Address")).put("PostalCode", EasyPostSimulator.UNDELIVERABLE_POSTAL_CODE);
        HttpResponse<byte[]> refused = Contracts.send(URI.create(base + "/api/rating/v2409/Shop"), "POST", token,
                undeliverable, headers);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Contracts.paths(Json.MAPPER.readTree(refused.body())))
                .isEqualTo(Contracts.paths(Contracts.json("ups-error-response.json")));
    }
}
