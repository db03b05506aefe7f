package com.creatorflow.local.simulators.carriers;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierAdapter;
import com.creatorflow.shared.shipping.domain.Multipart;
import com.creatorflow.shared.shipping.domain.PurchasedLabel;
import com.creatorflow.shared.shipping.domain.RateQuote;
import com.creatorflow.shared.shipping.domain.TrackingEvent;
import com.creatorflow.shared.shipping.domain.TrackingStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The USPS contract: recorded Domestic Prices, Domestic Labels (multipart answer) and Tracking pairs (modelled on
 * developers.usps.com's examples) checked against what {@code UspsAdapter} sends and reads, and against what the
 * simulator answers to the recorded requests.
 */
class UspsContractTest {
    private static final Map<String, String> ACCOUNT = Map.of("clientId", "consumer-key", "clientSecret",
            "consumer-secret", "accountNumber", "1000123456", "crid", "56982563", "mid", "902561235");
    private static final byte[] PDF = "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final DirectCarrierSimulator simulator = Contracts.simulator();

    private static Contracts.Stub stub() throws Exception {
        return new Contracts.Stub()
                .answer("POST /oauth2/v3/token", 200, Json.MAPPER.valueToTree(Map.of("access_token", "recorded",
                        "token_type", "Bearer", "expires_in", 28799, "status", "approved")))
                .answer("POST /payments/v3/payment-authorization", 200, Json.MAPPER.valueToTree(Map.of(
                        "paymentAuthorizationToken", "recorded-payment")));
    }

    @Test
    void theAdapterSendsTheRecordedPriceRequestPerMailClass() throws Exception {
        try (Contracts.Stub usps = stub().answer("POST /prices/v3/base-rates/search", 200,
                Contracts.json("usps-price-response.json"))) {
            List<RateQuote> quotes = Contracts.adapter(Carrier.USPS, usps.baseUrl(), ACCOUNT)
                    .rates(Contracts.SHIPMENT);

            assertThat(quotes).extracting(RateQuote::service).containsExactly("GROUND_ADVANTAGE", "PRIORITY_MAIL",
                    "PRIORITY_MAIL_EXPRESS");
            assertThat(quotes).allSatisfy(q -> assertThat(q.amount().toDecimal().toPlainString()).isEqualTo("8.45"));
            JsonNode sent = usps.last("POST /prices/v3/base-rates/search").json();
            assertThat(Contracts.paths(sent)).isEqualTo(Contracts.paths(Contracts.json("usps-price-request.json")));
            JsonNode token = usps.last("POST /oauth2/v3/token").json();
            assertThat(token.path("grant_type").asText()).isEqualTo("client_credentials");
            assertThat(token.path("client_id").asText()).isEqualTo("consumer-key");
        }
    }

    @Test
    void theAdapterSendsTheRecordedLabelRequestAndReadsTheMultipartLabel() throws Exception {
        byte[] multipart = Multipart.write("b0undary", List.of(
                new Multipart.Part(Map.of("Content-Type", "application/json", "Content-Disposition",
                        "form-data; name=\"labelMetadata\""), Json.bytes(Contracts.json("usps-label-metadata.json"))),
                new Multipart.Part(Map.of("Content-Type", "application/pdf", "Content-Disposition",
                        "form-data; name=\"labelImage\"; filename=\"labelImage.pdf\""),
                        Base64.getEncoder().encode(PDF))));
        try (Contracts.Stub usps = stub().answer("POST /labels/v3/label", 200, "multipart/mixed; boundary=b0undary",
                multipart)) {
            PurchasedLabel label = Contracts.adapter(Carrier.USPS, usps.baseUrl(), ACCOUNT)
                    .buyLabel(Contracts.SHIPMENT, "GROUND_ADVANTAGE", "key-1");

            assertThat(label.trackingNumbers()).containsExactly("9400100000000000000013");
            assertThat(label.cost().toDecimal().toPlainString()).isEqualTo("8.45");
            assertThat(label.labels()).singleElement().satisfies(image -> assertThat(image.bytes()).isEqualTo(PDF));
            Contracts.Stub.Received sent = usps.last("POST /labels/v3/label");
            assertThat(Contracts.paths(sent.json())).as("no field the recorded request lacks")
                    .isSubsetOf(Contracts.paths(Contracts.json("usps-label-request.json")))
                    .contains("toAddress.ZIPCode", "packageDescription.mailClass", "imageInfo.imageType");
            assertThat(sent.headers()).containsEntry("x-payment-authorization-token", "recorded-payment");
            JsonNode payment = usps.last("POST /payments/v3/payment-authorization").json();
            assertThat(payment.path("roles").findValuesAsText("roleName")).containsExactly("PAYER", "LABEL_OWNER");
            assertThat(payment.path("roles").path(0).path("accountNumber").asText()).isEqualTo("1000123456");
        }
    }

    @Test
    void theAdapterReadsTheRecordedTrackingAnswerOldestFirst() throws Exception {
        try (Contracts.Stub usps = stub().answer("GET /tracking/v3/tracking/9400100000000000000013", 200,
                Contracts.json("usps-tracking-response.json"))) {
            List<TrackingEvent> events = Contracts.adapter(Carrier.USPS, usps.baseUrl(), ACCOUNT)
                    .track("9400 1000 0000 0000 0000 13");

            assertThat(events).extracting(TrackingEvent::status).containsExactly(TrackingStatus.LABEL_CREATED,
                    TrackingStatus.IN_TRANSIT, TrackingStatus.DELIVERED);
            assertThat(events).extracting(TrackingEvent::nativeCode).containsExactly("GX", "10", "01");
        }
    }

    @Test
    void theRecordedErrorBodyIsARefusalNamingTheParameter() throws Exception {
        try (Contracts.Stub usps = stub().answer("POST /labels/v3/label", 400,
                Contracts.json("usps-error-response.json"))) {
            CarrierAdapter adapter = Contracts.adapter(Carrier.USPS, usps.baseUrl(), ACCOUNT);
            Contracts.assertRefused(() -> adapter.buyLabel(Contracts.SHIPMENT, "GROUND_ADVANTAGE", "key-2"),
                    "not a deliverable address", "shipTo.postalCode");
        }
    }

    @Test
    void theSimulatorAnswersTheRecordedRequestsInTheRecordedShape() throws Exception {
        String token = simulator.issueToken(Carrier.USPS).getKey();
        URI base = simulator.baseUrl(Carrier.USPS);
        Map<String, String> account = simulator.account(Carrier.USPS);

        HttpResponse<byte[]> priced = Contracts.send(URI.create(base + "/prices/v3/base-rates/search"), "POST", token,
                Contracts.json("usps-price-request.json"), Map.of());
        assertThat(priced.statusCode()).isEqualTo(200);
        assertThat(Contracts.paths(Json.MAPPER.readTree(priced.body())))
                .containsAll(Contracts.paths(Contracts.json("usps-price-response.json")));

        JsonNode roles = Json.MAPPER.valueToTree(Map.of("roles", List.of(
                Map.of("roleName", "PAYER", "CRID", account.get("crid"), "MID", account.get("mid"),
                        "manifestMID", account.get("mid"), "accountType", "EPS",
                        "accountNumber", account.get("accountNumber")),
                Map.of("roleName", "LABEL_OWNER", "CRID", account.get("crid"), "MID", account.get("mid"),
                        "manifestMID", account.get("mid")))));
        HttpResponse<byte[]> authorized = Contracts.send(URI.create(base + "/payments/v3/payment-authorization"),
                "POST", token, roles, Map.of());
        assertThat(authorized.statusCode()).isEqualTo(200);
        String payment = Json.MAPPER.readTree(authorized.body()).path("paymentAuthorizationToken").asText();

        HttpResponse<byte[]> labelled = Contracts.send(URI.create(base + "/labels/v3/label"), "POST", token,
                Contracts.json("usps-label-request.json"), Map.of("X-Payment-Authorization-Token", payment));
        assertThat(labelled.statusCode()).isEqualTo(200);
        String boundary = Multipart.boundary(labelled.headers().firstValue("Content-Type").orElseThrow())
                .orElseThrow();
        List<Multipart.Part> parts = Multipart.parse(labelled.body(), boundary);
        assertThat(parts).extracting(p -> p.name().orElseThrow()).containsExactly("labelMetadata", "labelImage");
        JsonNode metadata = Json.MAPPER.readTree(parts.get(0).body());
        assertThat(Contracts.paths(metadata)).containsAll(Contracts.paths(Contracts.json("usps-label-metadata.json")));
        assertThat(new String(Base64.getMimeDecoder().decode(parts.get(1).body()), 0, 4, StandardCharsets.ISO_8859_1))
                .isEqualTo("%PDF");

        String tracking = metadata.path("trackingNumber").asText();
        simulator.advance(tracking);
        HttpResponse<byte[]> tracked = Contracts.send(URI.create(base + "/tracking/v3/tracking/" + tracking), "GET",
                token, null, Map.of());
        assertThat(tracked.statusCode()).isEqualTo(200);
        assertThat(Contracts.paths(Json.MAPPER.readTree(tracked.body())))
                .containsAll(Contracts.paths(Contracts.json("usps-tracking-response.json")));

        JsonNode undeliverable = Contracts.json("usps-label-request.json").deepCopy();
        ((ObjectNode) undeliverable.path("toAddress")).put("ZIPCode", EasyPostSimulator.UNDELIVERABLE_POSTAL_CODE);
        HttpResponse<byte[]> refused = Contracts.send(URI.create(base + "/labels/v3/label"), "POST", token,
                undeliverable, Map.of("X-Payment-Authorization-Token", payment));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(Contracts.paths(Json.MAPPER.readTree(refused.body())))
                .isEqualTo(Contracts.paths(Contracts.json("usps-error-response.json")));
    }
}
