package com.creatorflow.local.simulators.carriers;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.Multipart;
import com.creatorflow.shared.shipping.domain.ServiceLevel;
import com.creatorflow.shared.shipping.domain.TrackingStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * USPS's APIs v3 as the simulator speaks them: OAuth ({@code POST /oauth2/v3/token}, client credentials in a JSON or
 * form body), payment authorization ({@code POST /payments/v3/payment-authorization}, the account's CRID, MID and EPS
 * account), Domestic Prices {@code POST /prices/v3/base-rates/search}, Domestic Labels {@code POST /labels/v3/label}
 * (needs {@code X-Payment-Authorization-Token}; answers {@code multipart/mixed} with the {@code labelMetadata} JSON
 * and the {@code labelImage} PDF), {@code DELETE /labels/v3/label/{trackingNumber}} and
 * {@code GET /tracking/v3/tracking/{trackingNumber}}. Errors are
 * {@code {"apiVersion", "error": {"code", "message", "errors": [{"status", "code", "title", "detail", "source"}]}}}.
 */
final class SimulatedUsps extends SimulatedApi {
    private static final Map<String, String> CLASSES = Map.of("USPS_GROUND_ADVANTAGE", "GROUND_ADVANTAGE",
            "PRIORITY_MAIL", "PRIORITY_MAIL", "PRIORITY_MAIL_EXPRESS", "PRIORITY_MAIL_EXPRESS");

    private final Set<String> paymentTokens = ConcurrentHashMap.newKeySet();

    SimulatedUsps(DirectCarrierSimulator simulator) {
        super(simulator, Carrier.USPS);
    }

    @Override
    String protocol() {
        return "usps-v3";
    }

    @Override
    Duration defaultTokenLifetime() {
        return Duration.ofSeconds(28_799);
    }

    @Override
    boolean isTokenCall(SimExchange exchange) {
        return exchange.path().equals("/oauth2/v3/token");
    }

    @Override
    void token(SimExchange exchange) throws IOException {
        JsonNode json = exchange.json();
        Map<String, String> form = exchange.form();
        String grant = json.path("grant_type").asText(form.get("grant_type"));
        String id = json.path("client_id").asText(form.get("client_id"));
        String secret = json.path("client_secret").asText(form.get("client_secret"));
        if (!"client_credentials".equals(grant)) {
            exchange.json(400, Map.of("error", "unsupported_grant_type", "error_description",
                    "grant_type must be client_credentials"));
            return;
        }
        Map<String, String> account = simulator.account(carrier);
        if (!account.get("clientId").equals(id) || !account.get("clientSecret").equals(secret)) {
            exchange.json(401, Map.of("error", "invalid_client", "error_description",
                    "Client authentication failed"));
            return;
        }
        Map.Entry<String, Duration> token = simulator.issueToken(carrier);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token.getKey());
        answer.put("token_type", "Bearer");
        answer.put("issued_at", simulator.clock.millis());
        answer.put("expires_in", token.getValue().toSeconds());
        answer.put("status", "approved");
        answer.put("scope", "addresses international-prices subscriptions payments prices labels tracking");
        answer.put("issuer", "api.usps.com");
        answer.put("client_id", id);
        exchange.json(200, answer);
    }

    @Override
    byte[] problemBody(String code, String message, String parameter) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("status", code);
        detail.put("code", code);
        detail.put("title", message);
        detail.put("detail", message);
        if (parameter != null) {
            detail.put("source", Map.of("parameter", parameter));
        }
        return Json.bytes(Map.of("apiVersion", "v3", "error", Map.of("code", code, "message", message,
                "errors", List.of(detail))));
    }

    @Override
    void unauthorized(SimExchange exchange) throws IOException {
        problem(exchange, 401, "401", "Unauthorized: the access token is missing, invalid or expired", null);
    }

    @Override
    void serve(SimExchange exchange) throws IOException {
        List<String> path = exchange.segments();
        String method = exchange.method();
        if (method.equals("POST") && exchange.path().equals("/payments/v3/payment-authorization")) {
            paymentAuthorization(exchange);
        } else if (method.equals("POST") && exchange.path().equals("/prices/v3/base-rates/search")) {
            price(exchange);
        } else if (method.equals("POST") && exchange.path().equals("/labels/v3/label")) {
            label(exchange);
        } else if (method.equals("DELETE") && path.size() == 4 && path.get(0).equals("labels")
                && path.get(2).equals("label")) {
            cancel(exchange, path.get(3));
        } else if (method.equals("GET") && path.size() == 4 && path.get(0).equals("tracking")
                && path.get(2).equals("tracking")) {
            track(exchange, path.get(3));
        } else {
            problem(exchange, 404, "404", "Resource not found: " + method + " " + exchange.path(), null);
        }
    }

    private void paymentAuthorization(SimExchange exchange) throws IOException {
        Map<String, String> account = simulator.account(carrier);
        boolean payer = false;
        for (JsonNode role : exchange.json().path("roles")) {
            if (!account.get("crid").equals(role.path("CRID").asText())
                    || !account.get("mid").equals(role.path("MID").asText())) {
                problem(exchange, 400, "400", "The CRID or MID of role " + role.path("roleName").asText()
                        + " does not belong to this account", "roles.CRID");
                return;
            }
            payer |= role.path("roleName").asText().equals("PAYER")
                    && account.get("accountNumber").equals(role.path("accountNumber").asText());
        }
        if (!payer) {
            problem(exchange, 400, "400", "A PAYER role with the EPS account number is required",
                    "roles.accountNumber");
            return;
        }
        String token = DirectCarrierSimulator.token(32);
        paymentTokens.add(token);
        exchange.json(200, Map.of("paymentAuthorizationToken", token));
    }

    private Shipment shipment(String fromZip, JsonNode to, JsonNode piece) {
        String weightUnit = piece.path("weightUOM").asText("lb");
        String sizeUnit = piece.path("dimensionsUOM").asText("in");
        String toZip = to == null ? piece.path("destinationZIPCode").asText(null) : to.path("ZIPCode").asText(null);
        return new Shipment("US", "US", toZip, to == null ? "-" : to.path("city").asText(null),
                to == null ? "-" : to.path("streetAddress").asText(null),
                List.of(new Piece(grams(decimal(piece.path("weight")), weightUnit),
                        millimetres(decimal(piece.path("length")), sizeUnit),
                        millimetres(decimal(piece.path("width")), sizeUnit),
                        millimetres(decimal(piece.path("height")), sizeUnit))));
    }

    private boolean refused(SimExchange exchange, Shipment shipment, String prefix) throws IOException {
        Optional<Refusal> refusal = refusal(shipment, prefix + "streetAddress", prefix + "ZIPCode", prefix + "city",
                "weight");
        if (refusal.isPresent()) {
            problem(exchange, 400, "400", refusal.get().message(), refusal.get().parameter());
            return true;
        }
        return false;
    }

    private Optional<ServiceLevel> service(String mailClass) {
        String ours = CLASSES.get(mailClass);
        return ours == null ? Optional.empty() : Optional.of(carrier.service(ours));
    }

    private void price(SimExchange exchange) throws IOException {
        JsonNode body = exchange.json();
        Shipment shipment = shipment(body.path("originZIPCode").asText(), null, body);
        if (refused(exchange, shipment, "destination")) {
            return;
        }
        Optional<ServiceLevel> service = service(body.path("mailClass").asText());
        if (service.isEmpty()) {
            problem(exchange, 400, "400", "mailClass is not a supported value", "mailClass");
            return;
        }
        BigDecimal price = price(service.get(), shipment);
        Map<String, Object> rate = new LinkedHashMap<>();
        rate.put("SKU", "DUXP0XXXXC07010");
        rate.put("description", service.get().name() + " Machinable Single-piece");
        rate.put("priceType", body.path("priceType").asText("COMMERCIAL"));
        rate.put("price", price);
        rate.put("weight", decimal(body.path("weight")));
        rate.put("dimWeight", 0);
        rate.put("fees", List.of());
        rate.put("startDate", today().withDayOfYear(1).toString());
        rate.put("endDate", "");
        rate.put("mailClass", body.path("mailClass").asText());
        rate.put("zone", "05");
        exchange.json(200, Map.of("totalBasePrice", price, "rates", List.of(rate)));
    }

    private void label(SimExchange exchange) throws IOException {
        if (!paymentTokens.contains(exchange.header("X-Payment-Authorization-Token").orElse(""))) {
            problem(exchange, 401, "401", "The X-Payment-Authorization-Token header is missing or invalid", null);
            return;
        }
        JsonNode body = exchange.json();
        JsonNode piece = body.path("packageDescription");
        String reference = piece.path("customerReference").path(0).path("referenceNumber").asText("");
        Shipment shipment = shipment(body.path("fromAddress").path("ZIPCode").asText(), body.path("toAddress"),
                piece);
        if (refused(exchange, shipment, "toAddress.")) {
            simulator.countPurchase(reference, 0);
            return;
        }
        Optional<ServiceLevel> service = service(piece.path("mailClass").asText());
        if (service.isEmpty()) {
            simulator.countPurchase(reference, 0);
            problem(exchange, 400, "400", "packageDescription.mailClass is not a supported value",
                    "packageDescription.mailClass");
            return;
        }
        String number = simulator.numbers.next(carrier, service.get());
        simulator.newParcel(carrier, number, number, service.get().code(), shipment.destination());
        simulator.countPurchase(reference, 1);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("labelAddress", body.path("toAddress"));
        metadata.put("trackingNumber", number);
        metadata.put("postage", price(service.get(), shipment));
        metadata.put("extraServices", List.of());
        metadata.put("zone", "05");
        metadata.put("commitment", Map.of("name", service.get().maxDays() + " Days", "scheduleDeliveryDate",
                RateCard.delivery(today(), service.get().maxDays()).toString()));
        metadata.put("weightUOM", "lb");
        metadata.put("weight", decimal(piece.path("weight")));
        metadata.put("fees", List.of());
        metadata.put("SKU", "DUXP0XXXXC07010");
        byte[] pdf = DirectCarrierLabels.pdf("USPS", service.get().name(), number, shipment.destination());
        String boundary = "usps-" + DirectCarrierSimulator.token(9);
        byte[] multipart = Multipart.write(boundary, List.of(
                new Multipart.Part(Map.of("Content-Type", "application/json",
                        "Content-Disposition", "form-data; name=\"labelMetadata\""), Json.bytes(metadata)),
                new Multipart.Part(Map.of("Content-Type", "application/pdf",
                        "Content-Disposition", "form-data; name=\"labelImage\"; filename=\"labelImage.pdf\"",
                        "Content-Transfer-Encoding", "base64"),
                        java.util.Base64.getEncoder().encode(pdf))));
        exchange.send(200, "multipart/mixed; boundary=" + boundary, multipart, Map.of());
    }

    private void cancel(SimExchange exchange, String number) throws IOException {
        Optional<SimulatedParcel> parcel = simulator.parcel(number).filter(p -> p.carrier() == carrier);
        if (parcel.isEmpty()) {
            problem(exchange, 404, "404", "The label " + number + " was not found", "trackingNumber");
        } else if (!parcel.get().voidLabel()) {
            problem(exchange, 400, "400", "The label has been scanned by USPS and can no longer be cancelled",
                    "trackingNumber");
        } else {
            exchange.json(200, Map.of("trackingNumber", number, "status", "CANCELED"));
        }
    }

    private void track(SimExchange exchange, String number) throws IOException {
        Optional<SimulatedParcel> parcel = simulator.parcel(number).filter(p -> p.carrier() == carrier);
        if (parcel.isEmpty()) {
            problem(exchange, 404, "404", "The tracking number " + number + " was not found", "trackingNumber");
            return;
        }
        List<Map<String, Object>> events = new ArrayList<>();
        List<Map<String, Object>> story = parcel.get().events();
        for (int i = story.size() - 1; i >= 0; i--) {
            Map<String, Object> event = story.get(i);
            Map<String, Object> usps = new LinkedHashMap<>();
            usps.put("eventType", event.get("description"));
            usps.put("eventTimestamp", SimulatedParcel.occurredAt(event));
            usps.put("eventCity", SimulatedParcel.city(event));
            usps.put("eventState", "");
            usps.put("eventZIP", "");
            usps.put("eventCode", SimulatedParcel.code(event));
            events.add(usps);
        }
        TrackingStatus now = parcel.get().status();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("trackingNumber", number);
        answer.put("mailClass", parcel.get().service());
        answer.put("statusCategory", switch (now) {
            case LABEL_CREATED -> "Pre-Shipment";
            case ACCEPTED -> "Accepted";
            case IN_TRANSIT -> "In Transit";
            case OUT_FOR_DELIVERY -> "Out for Delivery";
            case DELIVERED -> "Delivered";
            default -> "Alert";
        });
        answer.put("trackingEvents", events);
        exchange.json(200, answer);
    }
}
