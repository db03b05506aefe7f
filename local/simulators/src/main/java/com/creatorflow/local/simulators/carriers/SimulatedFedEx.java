package com.creatorflow.local.simulators.carriers;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.ServiceLevel;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * FedEx's REST APIs as the simulator speaks them: OAuth ({@code POST /oauth/token}, a form with the client
 * credentials), Rate {@code POST /rate/v1/rates/quotes}, Ship {@code POST /ship/v1/shipments} (base64 PDF labels with
 * {@code labelResponseOptions: LABEL}), {@code PUT /ship/v1/shipments/cancel} and Track
 * {@code POST /track/v1/trackingnumbers}. Every answer carries a {@code transactionId}; errors are
 * {@code {"transactionId", "errors": [{"code", "message"}]}}.
 */
final class SimulatedFedEx extends SimulatedApi {
    private static final Map<String, String> TYPES = Map.of("FEDEX_GROUND", "GROUND",
            "FEDEX_EXPRESS_SAVER", "EXPRESS_SAVER", "FEDEX_2_DAY", "TWO_DAY", "STANDARD_OVERNIGHT",
            "STANDARD_OVERNIGHT", "FEDEX_INTERNATIONAL_PRIORITY", "INTERNATIONAL_PRIORITY");
    private static final List<String> DAYS = List.of("ONE_DAY", "TWO_DAYS", "THREE_DAYS", "FOUR_DAYS", "FIVE_DAYS");
    private static final DateTimeFormatter SCAN = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
            .withZone(ZoneOffset.UTC);

    SimulatedFedEx(DirectCarrierSimulator simulator) {
        super(simulator, Carrier.FEDEX);
    }

    @Override
    String protocol() {
        return "fedex-rest";
    }

    @Override
    Duration defaultTokenLifetime() {
        return Duration.ofSeconds(3_599);
    }

    @Override
    boolean isTokenCall(SimExchange exchange) {
        return exchange.path().equals("/oauth/token");
    }

    @Override
    void token(SimExchange exchange) throws IOException {
        Map<String, String> form = exchange.form();
        Map<String, String> account = simulator.account(carrier);
        if (!"client_credentials".equals(form.get("grant_type"))) {
            problem(exchange, 400, "BAD.REQUEST.ERROR", "The given grant_type is not supported.", null);
            return;
        }
        if (!account.get("clientId").equals(form.get("client_id"))
                || !account.get("clientSecret").equals(form.get("client_secret"))) {
            problem(exchange, 401, "NOT.AUTHORIZED.ERROR",
                    "The given client credentials were not valid. Please modify your request and try again.", null);
            return;
        }
        Map.Entry<String, Duration> token = simulator.issueToken(carrier);
        exchange.json(200, Map.of("access_token", token.getKey(), "token_type", "bearer",
                "expires_in", token.getValue().toSeconds(), "scope", "CXS"));
    }

    @Override
    byte[] problemBody(String code, String message, String parameter) {
        return Json.bytes(Map.of("transactionId", UUID.randomUUID().toString(),
                "errors", List.of(Map.of("code", code, "message", message))));
    }

    @Override
    void unauthorized(SimExchange exchange) throws IOException {
        problem(exchange, 401, "NOT.AUTHORIZED.ERROR",
                "Access token expired. Please modify your request and try again.", null);
    }

    @Override
    void serve(SimExchange exchange) throws IOException {
        String route = exchange.method() + " " + exchange.path();
        switch (route) {
            case "POST /rate/v1/rates/quotes" -> rate(exchange);
            case "POST /ship/v1/shipments" -> ship(exchange);
            case "PUT /ship/v1/shipments/cancel" -> cancel(exchange);
            case "POST /track/v1/trackingnumbers" -> track(exchange);
            default -> problem(exchange, 404, "NOT.FOUND.ERROR", "The resource you requested is no longer available."
                    + " Please modify your request and try again.", null);
        }
    }

    private static Map<String, Object> answer(Object output) {
        return Map.of("transactionId", UUID.randomUUID().toString(), "output", output);
    }

    private Shipment shipment(JsonNode requested) {
        JsonNode recipient = requested.has("recipients") ? requested.path("recipients").path(0)
                : requested.path("recipient");
        JsonNode to = recipient.path("address");
        List<Piece> pieces = new ArrayList<>();
        for (JsonNode item : requested.path("requestedPackageLineItems")) {
            JsonNode weight = item.path("weight");
            JsonNode dims = item.path("dimensions");
            String unit = dims.path("units").asText("IN");
            pieces.add(new Piece(grams(decimal(weight.path("value")), weight.path("units").asText("LB")),
                    millimetres(decimal(dims.path("length")), unit), millimetres(decimal(dims.path("width")), unit),
                    millimetres(decimal(dims.path("height")), unit)));
        }
        return new Shipment(requested.path("shipper").path("address").path("countryCode").asText(),
                to.path("countryCode").asText(), to.path("postalCode").asText(null), to.path("city").asText(null),
                to.path("streetLines").path(0).asText(null), pieces);
    }

    private boolean refused(SimExchange exchange, Shipment shipment) throws IOException {
        Optional<Refusal> refusal = refusal(shipment, "RECIPIENTS.STREETLINES", "RECIPIENTS.POSTALCODE",
                "RECIPIENTS.CITY", "PACKAGE.WEIGHT");
        if (refusal.isPresent()) {
            problem(exchange, 400, refusal.get().parameter() + ".INVALID", refusal.get().message(), null);
            return true;
        }
        return false;
    }

    private void rate(SimExchange exchange) throws IOException {
        JsonNode body = exchange.json();
        Shipment shipment = shipment(body.path("requestedShipment"));
        if (refused(exchange, shipment)) {
            return;
        }
        String currency = "US".equals(shipment.fromCountry()) ? "USD" : "CA".equals(shipment.fromCountry())
                ? "CAD" : "GBP";
        List<Map<String, Object>> replies = new ArrayList<>();
        for (ServiceLevel service : services(shipment)) {
            BigDecimal price = price(service, shipment);
            Map<String, Object> rated = new LinkedHashMap<>();
            rated.put("rateType", "ACCOUNT");
            rated.put("ratedWeightMethod", "ACTUAL");
            rated.put("totalDiscounts", 0);
            rated.put("totalBaseCharge", price);
            rated.put("totalNetCharge", price);
            rated.put("totalNetFedExCharge", price);
            rated.put("currency", currency);
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("serviceType", type(service));
            reply.put("serviceName", "FedEx " + service.name().replace("FedEx ", ""));
            reply.put("packagingType", "YOUR_PACKAGING");
            reply.put("ratedShipmentDetails", List.of(rated));
            reply.put("operationalDetail", Map.of("transitTime", DAYS.get(Math.min(service.maxDays(), 5) - 1)));
            reply.put("commit", Map.of("dateDetail", Map.of("dayFormat",
                    RateCard.delivery(today(), service.maxDays()) + "T20:00:00")));
            replies.add(reply);
        }
        exchange.json(200, answer(Map.of("rateReplyDetails", replies, "quoteDate", today().toString(),
                "encoded", false)));
    }

    private static String type(ServiceLevel service) {
        return TYPES.entrySet().stream().filter(e -> e.getValue().equals(service.code())).findFirst().orElseThrow()
                .getKey();
    }

    private void ship(SimExchange exchange) throws IOException {
        JsonNode body = exchange.json();
        JsonNode requested = body.path("requestedShipment");
        String reference = requested.path("requestedPackageLineItems").path(0).path("customerReferences").path(0)
                .path("value").asText("");
        Shipment shipment = shipment(requested);
        if (refused(exchange, shipment)) {
            simulator.countPurchase(reference, 0);
            return;
        }
        if (!simulator.account(carrier).get("accountNumber").equals(body.path("accountNumber").path("value")
                .asText())) {
            simulator.countPurchase(reference, 0);
            problem(exchange, 400, "ACCOUNT.NUMBER.MISMATCH", "The shipper account number is not valid.", null);
            return;
        }
        String ours = TYPES.get(requested.path("serviceType").asText());
        Optional<ServiceLevel> service = services(shipment).stream().filter(s -> s.code().equals(ours)).findFirst();
        if (service.isEmpty()) {
            simulator.countPurchase(reference, 0);
            problem(exchange, 400, "SERVICETYPE.NOT.ALLOWED",
                    "The service type is not available between the origin and destination.", null);
            return;
        }
        boolean inline = "LABEL".equals(body.path("labelResponseOptions").asText());
        List<Map<String, Object>> pieces = new ArrayList<>();
        String master = null;
        int sequence = 1;
        for (Piece piece : shipment.pieces()) {
            String number = simulator.numbers.next(carrier, service.get());
            master = master == null ? number : master;
            simulator.newParcel(carrier, number, master, service.get().code(), shipment.destination());
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("contentType", "LABEL");
            document.put("copiesToPrint", 1);
            document.put("docType", "PDF");
            byte[] pdf = DirectCarrierLabels.pdf("FedEx", service.get().name(), number, shipment.destination());
            if (inline) {
                document.put("encodedLabel", Base64.getEncoder().encodeToString(pdf));
            } else {
                document.put("url", simulator.baseUrl(carrier) + "/document/v1/labels/" + number);
            }
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("masterTrackingNumber", master);
            response.put("trackingNumber", number);
            response.put("sequenceNumber", sequence++);
            response.put("netChargeAmount", price(service.get(), new Shipment(shipment.fromCountry(),
                    shipment.toCountry(), shipment.toPostalCode(), shipment.toCity(), shipment.toLine(),
                    List.of(piece))));
            response.put("packageDocuments", List.of(document));
            pieces.add(response);
        }
        simulator.countPurchase(reference, pieces.size());
        BigDecimal total = price(service.get(), shipment);
        Map<String, Object> shipped = new LinkedHashMap<>();
        shipped.put("serviceType", requested.path("serviceType").asText());
        shipped.put("shipDatestamp", requested.path("shipDatestamp").asText(today().toString()));
        shipped.put("serviceName", service.get().name());
        shipped.put("masterTrackingNumber", master);
        shipped.put("pieceResponses", pieces);
        shipped.put("completedShipmentDetail", Map.of("shipmentRating", Map.of("shipmentRateDetails",
                List.of(Map.of("rateType", "ACCOUNT", "totalNetCharge", total, "currency", "USD")))));
        exchange.json(200, answer(Map.of("transactionShipments", List.of(shipped))));
    }

    private void cancel(SimExchange exchange) throws IOException {
        String number = exchange.json().path("trackingNumber").asText();
        Optional<SimulatedParcel> parcel = simulator.parcel(number).filter(p -> p.carrier() == carrier);
        if (parcel.isEmpty()) {
            problem(exchange, 404, "TRACKINGNUMBER.NOT.FOUND", "The tracking number was not found.", null);
        } else if (!parcel.get().voidLabel()) {
            exchange.json(200, answer(Map.of("cancelledShipment", false, "cancelledHistory", false,
                    "message", "Shipment cannot be cancelled; it has already been tendered to FedEx.")));
        } else {
            exchange.json(200, answer(Map.of("cancelledShipment", true, "cancelledHistory", true,
                    "successMessage", "Success")));
        }
    }

    private void track(SimExchange exchange) throws IOException {
        List<Map<String, Object>> complete = new ArrayList<>();
        for (JsonNode info : exchange.json().path("trackingInfo")) {
            String number = info.path("trackingNumberInfo").path("trackingNumber").asText();
            Optional<SimulatedParcel> parcel = simulator.parcel(number).filter(p -> p.carrier() == carrier);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("trackingNumberInfo", Map.of("trackingNumber", number, "carrierCode", "FDXG"));
            if (parcel.isEmpty()) {
                result.put("error", Map.of("code", "TRACKING.TRACKINGNUMBER.NOTFOUND", "message",
                        "Tracking number cannot be found. Please correct the tracking number and try again."));
            } else {
                List<Map<String, Object>> scans = new ArrayList<>();
                List<Map<String, Object>> story = parcel.get().events();
                for (int i = story.size() - 1; i >= 0; i--) {
                    Map<String, Object> event = story.get(i);
                    Map<String, Object> scan = new LinkedHashMap<>();
                    scan.put("date", SCAN.format(Instant.parse(SimulatedParcel.occurredAt(event))));
                    scan.put("eventType", SimulatedParcel.code(event));
                    scan.put("eventDescription", event.get("description"));
                    scan.put("derivedStatusCode", SimulatedParcel.code(event));
                    scan.put("derivedStatus", event.get("description"));
                    scan.put("scanLocation", Map.of("city", SimulatedParcel.city(event),
                            "countryCode", "US"));
                    scans.add(scan);
                }
                Map<String, Object> latest = story.get(story.size() - 1);
                result.put("latestStatusDetail", Map.of("code", SimulatedParcel.code(latest), "derivedCode", SimulatedParcel.code(latest),
                        "statusByLocale", latest.get("description"), "description", latest.get("description")));
                result.put("scanEvents", scans);
            }
            complete.add(Map.of("trackingNumber", number, "trackResults", List.of(result)));
        }
        exchange.json(200, answer(Map.of("completeTrackResults", complete)));
    }
}
