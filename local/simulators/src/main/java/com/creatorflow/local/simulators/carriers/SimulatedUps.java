package com.creatorflow.local.simulators.carriers;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.ServiceLevel;
import com.creatorflow.shared.shipping.domain.TrackingStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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

/**
 * UPS's REST APIs as the simulator speaks them: OAuth ({@code POST /security/v1/oauth/token}, HTTP Basic client
 * credentials, {@code expires_in} as a string of seconds), Rating {@code /api/rating/{version}/Shop|Rate}, Shipping
 * {@code /api/shipments/{version}/ship} (a base64 GIF label per package), Void
 * {@code DELETE /api/shipments/{version}/void/cancel/{id}}, Tracking {@code GET /api/track/v1/details/{n}} and Track
 * Alert ({@code POST /api/track/v1/subscription/standard/package}, then activity posted to the subscribed URL with the
 * {@code credential} header). Errors are {@code {"response": {"errors": [{"code", "message"}]}}}.
 */
final class SimulatedUps extends SimulatedApi {
    private static final Map<String, String> CODES = Map.of("GROUND", "03", "THREE_DAY_SELECT", "12",
            "SECOND_DAY_AIR", "02", "NEXT_DAY_AIR", "01", "WORLDWIDE_SAVER", "65");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HHmmss").withZone(ZoneOffset.UTC);

    SimulatedUps(DirectCarrierSimulator simulator) {
        super(simulator, Carrier.UPS);
    }

    @Override
    String protocol() {
        return "ups-rest";
    }

    @Override
    Duration defaultTokenLifetime() {
        return Duration.ofSeconds(14_399);
    }

    @Override
    boolean isTokenCall(SimExchange exchange) {
        return exchange.path().equals("/security/v1/oauth/token");
    }

    @Override
    void token(SimExchange exchange) throws IOException {
        Map<String, String> account = simulator.account(carrier);
        String expected = "Basic " + Base64.getEncoder().encodeToString((account.get("clientId") + ":"
                + account.get("clientSecret")).getBytes(StandardCharsets.UTF_8));
        if (!exchange.method().equals("POST") || !"client_credentials".equals(exchange.form().get("grant_type"))) {
            problem(exchange, 400, "10400", "Invalid/Missing grant_type", "grant_type");
            return;
        }
        if (!expected.equals(exchange.header("Authorization").orElse(""))) {
            problem(exchange, 401, "10401", "ClientId is Invalid", null);
            return;
        }
        Map.Entry<String, Duration> token = simulator.issueToken(carrier);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("token_type", "Bearer");
        answer.put("issued_at", String.valueOf(simulator.clock.millis()));
        answer.put("client_id", account.get("clientId"));
        answer.put("access_token", token.getKey());
        answer.put("scope", "");
        answer.put("expires_in", String.valueOf(token.getValue().toSeconds()));
        answer.put("refresh_count", "0");
        answer.put("status", "approved");
        exchange.json(200, answer);
    }

    @Override
    byte[] problemBody(String code, String message, String parameter) {
        return Json.bytes(Map.of("response", Map.of("errors", List.of(Map.of("code", code, "message", message)))));
    }

    @Override
    void unauthorized(SimExchange exchange) throws IOException {
        problem(exchange, 401, "250002", "Invalid Authentication Information.", null);
    }

    @Override
    void serve(SimExchange exchange) throws IOException {
        List<String> path = exchange.segments();
        String method = exchange.method();
        if (method.equals("POST") && path.size() == 4 && path.get(1).equals("rating")
                && (path.get(3).equals("Shop") || path.get(3).equals("Rate"))) {
            rate(exchange, path.get(3).equals("Shop"));
        } else if (method.equals("POST") && path.size() == 4 && path.get(1).equals("shipments")
                && path.get(3).equals("ship")) {
            ship(exchange);
        } else if (method.equals("DELETE") && path.size() == 6 && path.get(1).equals("shipments")
                && path.get(3).equals("void") && path.get(4).equals("cancel")) {
            voidShipment(exchange, path.get(5));
        } else if (method.equals("GET") && path.size() == 5 && path.get(1).equals("track")
                && path.get(3).equals("details")) {
            track(exchange, path.get(4));
        } else if (method.equals("POST") && exchange.path().equals("/api/track/v1/subscription/standard/package")) {
            subscribe(exchange);
        } else {
            problem(exchange, 404, "404", "Resource not found: " + method + " " + exchange.path(), null);
        }
    }

    private Shipment shipment(JsonNode body) {
        JsonNode to = body.path("ShipTo").path("Address");
        List<Piece> pieces = new ArrayList<>();
        for (JsonNode pkg : list(body.path("Package"))) {
            JsonNode weight = pkg.path("PackageWeight");
            JsonNode dims = pkg.path("Dimensions");
            String unit = dims.path("UnitOfMeasurement").path("Code").asText("IN");
            pieces.add(new Piece(grams(decimal(weight.path("Weight")),
                    weight.path("UnitOfMeasurement").path("Code").asText("LBS")),
                    millimetres(decimal(dims.path("Length")), unit), millimetres(decimal(dims.path("Width")), unit),
                    millimetres(decimal(dims.path("Height")), unit)));
        }
        return new Shipment(body.path("ShipFrom").path("Address").path("CountryCode")
                .asText(body.path("Shipper").path("Address").path("CountryCode").asText()),
                to.path("CountryCode").asText(), to.path("PostalCode").asText(null), to.path("City").asText(null),
                to.path("AddressLine").path(0).asText(to.path("AddressLine").asText(null)), pieces);
    }

    private static List<JsonNode> list(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(items::add);
        } else if (!node.isMissingNode()) {
            items.add(node);
        }
        return items;
    }

    private boolean refused(SimExchange exchange, Shipment shipment) throws IOException {
        Optional<Refusal> refusal = refusal(shipment, "ShipTo.Address.AddressLine", "ShipTo.Address.PostalCode",
                "ShipTo.Address.City", "Package.PackageWeight.Weight");
        if (refusal.isPresent()) {
            String code = refusal.get().parameter().contains("Weight") ? "120541" : "120802";
            problem(exchange, 400, code, refusal.get().message().replace("The ship to", "Address Validation Error "
                    + "on ShipTo address:"), null);
            return true;
        }
        return false;
    }

    private void rate(SimExchange exchange, boolean shop) throws IOException {
        JsonNode body = exchange.json().path("RateRequest").path("Shipment");
        Shipment shipment = shipment(body);
        if (refused(exchange, shipment)) {
            return;
        }
        String wanted = body.path("Service").path("Code").asText(null);
        List<Map<String, Object>> rated = new ArrayList<>();
        for (ServiceLevel service : services(shipment)) {
            if (!shop && !CODES.get(service.code()).equals(wanted)) {
                continue;
            }
            Map<String, Object> charges = Map.of("CurrencyCode", currency(shipment), "MonetaryValue",
                    price(service, shipment).toPlainString());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("Service", Map.of("Code", CODES.get(service.code()), "Description", ""));
            entry.put("BillingWeight", Map.of("UnitOfMeasurement", Map.of("Code", "LBS"), "Weight", "1.0"));
            entry.put("TransportationCharges", charges);
            entry.put("ServiceOptionsCharges", Map.of("CurrencyCode", currency(shipment), "MonetaryValue", "0.00"));
            entry.put("TotalCharges", charges);
            if (service.minDays() == service.maxDays()) {
                entry.put("GuaranteedDelivery", Map.of("BusinessDaysInTransit", String.valueOf(service.maxDays())));
            }
            rated.add(entry);
        }
        if (rated.isEmpty()) {
            problem(exchange, 400, "111210", "The requested service is unavailable between the selected locations.",
                    null);
            return;
        }
        exchange.json(200, Map.of("RateResponse", Map.of("Response", success(),
                "RatedShipment", rated.size() == 1 ? rated.get(0) : rated)));
    }

    private static String currency(Shipment shipment) {
        return switch (shipment.fromCountry()) {
            case "CA" -> "CAD";
            case "GB" -> "GBP";
            default -> "USD";
        };
    }

    private static Map<String, Object> success() {
        return Map.of("ResponseStatus", Map.of("Code", "1", "Description", "Success"));
    }

    private void ship(SimExchange exchange) throws IOException {
        JsonNode request = exchange.json().path("ShipmentRequest");
        JsonNode body = request.path("Shipment");
        String reference = body.path("ReferenceNumber").path("Value").asText(
                request.path("Request").path("TransactionReference").path("CustomerContext").asText(""));
        Shipment shipment = shipment(body);
        if (refused(exchange, shipment)) {
            simulator.countPurchase(reference, 0);
            return;
        }
        String code = body.path("Service").path("Code").asText();
        Optional<ServiceLevel> service = services(shipment).stream().filter(s -> CODES.get(s.code()).equals(code))
                .findFirst();
        if (service.isEmpty()) {
            simulator.countPurchase(reference, 0);
            problem(exchange, 400, "111210", "The requested service is unavailable between the selected locations.",
                    null);
            return;
        }
        if (!simulator.account(carrier).get("accountNumber").equals(body.path("Shipper").path("ShipperNumber")
                .asText())) {
            simulator.countPurchase(reference, 0);
            problem(exchange, 400, "120100", "Missing or invalid shipper number", null);
            return;
        }
        List<Map<String, Object>> results = new ArrayList<>();
        String shipmentId = null;
        for (int i = 0; i < shipment.pieces().size(); i++) {
            String number = simulator.numbers.next(carrier, service.get());
            shipmentId = shipmentId == null ? number : shipmentId;
            simulator.newParcel(carrier, number, shipmentId, service.get().code(), shipment.destination());
            byte[] gif = DirectCarrierLabels.gif("UPS", service.get().name(), number, shipment.destination());
            results.add(Map.of("TrackingNumber", number, "ServiceOptionsCharges", Map.of("CurrencyCode", "USD",
                    "MonetaryValue", "0.00"), "ShippingLabel", Map.of("ImageFormat", Map.of("Code", "GIF",
                    "Description", "GIF"), "GraphicImage", Base64.getEncoder().encodeToString(gif))));
        }
        simulator.countPurchase(reference, results.size());
        BigDecimal total = price(service.get(), shipment);
        Map<String, Object> charges = Map.of("CurrencyCode", currency(shipment), "MonetaryValue",
                total.toPlainString());
        Map<String, Object> shipmentResults = new LinkedHashMap<>();
        shipmentResults.put("ShipmentCharges", Map.of("TransportationCharges", charges, "TotalCharges", charges));
        shipmentResults.put("BillingWeight", Map.of("UnitOfMeasurement", Map.of("Code", "LBS"), "Weight", "1.0"));
        shipmentResults.put("ShipmentIdentificationNumber", shipmentId);
        shipmentResults.put("PackageResults", results.size() == 1 ? results.get(0) : results);
        exchange.json(200, Map.of("ShipmentResponse", Map.of("Response", success(),
                "ShipmentResults", shipmentResults)));
    }

    private void voidShipment(SimExchange exchange, String shipmentId) throws IOException {
        List<String> numbers = exchange.query("trackingnumber").map(n -> List.of(n.split(","))).orElse(
                List.of(shipmentId));
        for (String number : numbers) {
            Optional<SimulatedParcel> parcel = simulator.parcel(number.trim());
            if (parcel.isEmpty()) {
                problem(exchange, 400, "190100", "No shipment found for the shipment identification number", null);
                return;
            }
            if (!parcel.get().voidLabel()) {
                problem(exchange, 400, "190117", "Void attempt failed: the package has already been picked up",
                        null);
                return;
            }
        }
        exchange.json(200, Map.of("VoidShipmentResponse", Map.of("Response", success(),
                "SummaryResult", Map.of("Status", Map.of("Code", "1", "Description", "Voided")))));
    }

    private void track(SimExchange exchange, String number) throws IOException {
        Optional<SimulatedParcel> parcel = simulator.parcel(number).filter(p -> p.carrier() == carrier);
        if (parcel.isEmpty()) {
            problem(exchange, 404, "TW0001", "Tracking Information Not Found", null);
            return;
        }
        List<Map<String, Object>> activity = new ArrayList<>();
        List<Map<String, Object>> events = parcel.get().events();
        for (int i = events.size() - 1; i >= 0; i--) {
            activity.add(activity(events.get(i)));
        }
        exchange.json(200, Map.of("trackResponse", Map.of("shipment", List.of(Map.of("inquiryNumber", number,
                "package", List.of(Map.of("trackingNumber", number, "activity", activity)))))));
    }

    private Map<String, Object> activity(Map<String, Object> event) {
        Instant at = Instant.parse(SimulatedParcel.occurredAt(event));
        Map<String, Object> activity = new LinkedHashMap<>();
        activity.put("location", Map.of("address", Map.of("city", SimulatedParcel.city(event),
                "stateProvince", "", "countryCode", "US")));
        activity.put("status", activityStatus(event));
        activity.put("date", DATE.format(at));
        activity.put("time", TIME.format(at));
        activity.put("gmtDate", DATE.format(at));
        activity.put("gmtOffset", "+00:00");
        activity.put("gmtTime", DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC).format(at));
        return activity;
    }

    private Map<String, Object> activityStatus(Map<String, Object> event) {
        TrackingStatus status = status(event);
        String type = switch (status) {
            case LOST, ADDRESS_PROBLEM -> "X";
            default -> SimulatedParcel.code(event);
        };
        return Map.of("type", type, "description", String.valueOf(event.get("description")),
                "code", type.equals("X") ? "XE" : type + "S");
    }

    private void subscribe(SimExchange exchange) throws IOException {
        JsonNode body = exchange.json();
        String url = body.path("destination").path("url").asText("");
        String credential = body.path("destination").path("credential").asText("");
        if (!url.startsWith("http") || credential.isBlank()) {
            problem(exchange, 400, "TA0001", "destination url and credential are required", null);
            return;
        }
        List<String> valid = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (JsonNode number : body.path("trackingNumberList")) {
            if (simulator.parcel(number.asText()).filter(p -> p.carrier() == carrier).isPresent()) {
                simulator.subscribe(number.asText(), url, credential);
                valid.add(number.asText());
            } else {
                invalid.add(number.asText());
            }
        }
        exchange.json(valid.isEmpty() ? 400 : 200, Map.of("validTrackingNumbers", valid,
                "invalidTrackingNumbers", invalid));
    }

    @Override
    EasyPostSimulator.Delivery deliver(SimulatedParcel parcel, Map<String, Object> event, String[] subscription) {
        if (subscription == null) {
            return new EasyPostSimulator.Delivery(parcel.trackingNumber(), event, 0);
        }
        Instant at = Instant.parse(SimulatedParcel.occurredAt(event));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("trackingNumber", parcel.trackingNumber());
        body.put("localActivityDate", DATE.format(at));
        body.put("localActivityTime", TIME.format(at));
        body.put("gmtActivityDate", DATE.format(at));
        body.put("gmtActivityTime", TIME.format(at));
        body.put("activityLocation", Map.of("city", SimulatedParcel.city(event), "country", "US"));
        body.put("activityStatus", activityStatus(event));
        if (status(event) == TrackingStatus.DELIVERED) {
            body.put("actualDeliveryDate", DATE.format(at));
            body.put("actualDeliveryTime", TIME.format(at));
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(subscription[0])).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("credential", subscription[1])
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body))).build();
        try {
            int status = simulator.webhooks.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new EasyPostSimulator.Delivery(parcel.trackingNumber(), event, status);
        } catch (IOException e) {
            return new EasyPostSimulator.Delivery(parcel.trackingNumber(), event, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new EasyPostSimulator.Delivery(parcel.trackingNumber(), event, 0);
        }
    }
}
