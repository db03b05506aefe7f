package com.creatorflow.shared.shipping.carrier.direct;

import com.creatorflow.shared.crypto.Digests;
import com.creatorflow.shared.error.CarrierUnavailable;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.shipping.domain.BusinessDays;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierSettings;
import com.creatorflow.shared.shipping.domain.DirectAccount;
import com.creatorflow.shared.shipping.domain.LabelImage;
import com.creatorflow.shared.shipping.domain.Parcel;
import com.creatorflow.shared.shipping.domain.PurchasedLabel;
import com.creatorflow.shared.shipping.domain.RateQuote;
import com.creatorflow.shared.shipping.domain.ServiceLevel;
import com.creatorflow.shared.shipping.domain.ShipmentRequest;
import com.creatorflow.shared.shipping.domain.TrackingEvent;
import com.creatorflow.shared.shipping.domain.TrackingNumberFormat;
import com.creatorflow.shared.shipping.domain.TrackingStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * FedEx through its REST APIs (developer.fedex.com, {@code https://apis.fedex.com}): OAuth 2 client credentials at
 * {@code /oauth/token}, Rate {@code POST /rate/v1/rates/quotes}, Ship {@code POST /ship/v1/shipments} with
 * {@code labelResponseOptions: LABEL} (each package's 4x6 PDF label base64 in the answer), cancel
 * {@code PUT /ship/v1/shipments/cancel} and Track {@code POST /track/v1/trackingnumbers}. Errors arrive as
 * {@code {"transactionId", "errors": [{"code", "message"}]}}.
 */
public final class FedExAdapter extends DirectCarrierAdapter {
    private static final Map<String, String> SERVICES = Map.of("GROUND", "FEDEX_GROUND",
            "EXPRESS_SAVER", "FEDEX_EXPRESS_SAVER", "TWO_DAY", "FEDEX_2_DAY",
            "STANDARD_OVERNIGHT", "STANDARD_OVERNIGHT", "INTERNATIONAL_PRIORITY", "FEDEX_INTERNATIONAL_PRIORITY");
    private static final List<String> DAYS = List.of("ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT",
            "NINE", "TEN");

    private final AccessToken token;

    /**
     * @param settings the endpoint ({@code https://apis.fedex.com}, or {@code https://apis-sandbox.fedex.com} to
     *                 test) and resilience settings
     * @param account the project's API key and secret key, and the FedEx account number shipments are billed to
     * @param client the shared HTTP client
     * @param clock the clock
     */
    public FedExAdapter(CarrierSettings settings, DirectAccount account, HttpClient client, Clock clock) {
        super(Carrier.FEDEX, settings, account, client, clock, FedExAdapter::refusal);
        require(account.accountNumber(), "accountNumber");
        this.token = AccessToken.shared("fedex|" + settings.baseUrl() + "|" + Digests.sha256Hex(account.clientId()
                + ":" + account.clientSecret()), clock, this::fetchToken);
    }

    @Override
    AccessToken.Issued fetchToken() {
        String form = "grant_type=client_credentials&client_id=" + url(account.clientId()) + "&client_secret="
                + url(account.clientSecret());
        JsonNode answer = http.once(new CarrierHttp.Request(CarrierHttp.Kind.TOKEN, "POST", "/oauth/token", Map.of(),
                "application/x-www-form-urlencoded", form.getBytes(StandardCharsets.UTF_8), null, "credentials"))
                .json();
        return new AccessToken.Issued(answer.path("access_token").asText(),
                clock.instant().plusSeconds(answer.path("expires_in").asLong(3600)));
    }

    private static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static CarrierHttp.Refusal refusal(JsonNode body) {
        JsonNode error = body.path("errors").path(0);
        if (error.isMissingNode()) {
            return new CarrierHttp.Refusal(null, null, null);
        }
        String code = error.path("code").asText(null);
        String message = error.path("message").asText(null);
        return new CarrierHttp.Refusal(code, message, CarrierHttp.fieldOf(code, message));
    }


    @Override
    public List<RateQuote> rates(ShipmentRequest request) {
        List<ServiceLevel> offered = carrier.servicesFor(request.shipFrom().country(), request.shipTo().country());
        if (offered.isEmpty()) {
            return List.of();
        }
        Map<String, Object> shipment = new LinkedHashMap<>();
        shipment.put("shipper", Map.of("address", address(request.shipFrom())));
        shipment.put("recipient", Map.of("address", address(request.shipTo())));
        shipment.put("pickupType", "DROPOFF_AT_FEDEX_LOCATION");
        shipment.put("rateRequestType", List.of("ACCOUNT", "LIST"));
        shipment.put("requestedPackageLineItems", packages(request, null));
        Map<String, Object> body = Map.of("accountNumber", Map.of("value", account.accountNumber()),
                "rateRequestControlParameters", Map.of("returnTransitTimes", true),
                "requestedShipment", shipment);
        JsonNode answer = http.call(CarrierHttp.Request.json(CarrierHttp.Kind.READ, "POST", "/rate/v1/rates/quotes",
                body, token, "shipTo").with("X-locale", "en_US")).json();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<RateQuote> quotes = new ArrayList<>();
        for (JsonNode reply : answer.path("output").path("rateReplyDetails")) {
            String type = reply.path("serviceType").asText();
            Optional<ServiceLevel> service = offered.stream().filter(s -> type.equals(SERVICES.get(s.code())))
                    .findFirst();
            Optional<JsonNode> rated = rated(reply.path("ratedShipmentDetails"));
            if (service.isEmpty() || rated.isEmpty()) {
                continue;
            }
            int days = transitDays(reply).orElse(service.get().maxDays());
            LocalDate delivery = deliveryDate(reply).orElse(BusinessDays.after(today, days));
            quotes.add(new RateQuote(carrier, service.get().code(), Money.parse(
                    rated.get().path("totalNetCharge").decimalValue().toPlainString(),
                    rated.get().path("currency").asText(request.currency())), days, delivery));
        }
        return quotes;
    }

    private static Optional<JsonNode> rated(JsonNode details) {
        JsonNode chosen = null;
        for (JsonNode detail : details) {
            if (chosen == null || "ACCOUNT".equals(detail.path("rateType").asText())) {
                chosen = detail;
            }
        }
        return Optional.ofNullable(chosen);
    }

    private static Optional<Integer> transitDays(JsonNode reply) {
        String words = reply.path("commit").path("transitDays").path("minimumTransitTime")
                .asText(reply.path("operationalDetail").path("transitTime").asText(""));
        int index = DAYS.indexOf(words.replaceAll("_DAYS?$", ""));
        return index < 0 ? Optional.empty() : Optional.of(index + 1);
    }

    private static Optional<LocalDate> deliveryDate(JsonNode reply) {
        String day = reply.path("commit").path("dateDetail").path("dayFormat").asText("");
        try {
            return day.length() >= 10 ? Optional.of(LocalDate.parse(day.substring(0, 10))) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    @Override
    protected PurchasedLabel purchase(ShipmentRequest request, String serviceCode, String idempotencyKey) {
        Map<String, Object> shipment = new LinkedHashMap<>();
        shipment.put("shipper", party(request.shipFrom()));
        shipment.put("recipients", List.of(party(request.shipTo())));
        shipment.put("shipDatestamp", LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString());
        shipment.put("serviceType", SERVICES.get(serviceCode));
        shipment.put("packagingType", "YOUR_PACKAGING");
        shipment.put("pickupType", "USE_SCHEDULED_PICKUP");
        shipment.put("shippingChargesPayment", Map.of("paymentType", "SENDER"));
        shipment.put("labelSpecification", Map.of("imageType", "PDF", "labelStockType", "PAPER_4X6"));
        shipment.put("totalPackageCount", request.parcels().size());
        shipment.put("requestedPackageLineItems", packages(request, request.reference()));
        Map<String, Object> body = Map.of("labelResponseOptions", "LABEL",
                "accountNumber", Map.of("value", account.accountNumber()), "requestedShipment", shipment);
        CarrierHttp.Request call = CarrierHttp.Request.json(CarrierHttp.Kind.PURCHASE, "POST", "/ship/v1/shipments",
                body, token, "shipTo").with("X-locale", "en_US");
        if (idempotencyKey != null) {
            call = call.with("x-customer-transaction-id", Digests.sha256Hex(idempotencyKey).substring(0, 32));
        }
        JsonNode shipped = http.call(call).json().path("output").path("transactionShipments").path(0);
        List<String> numbers = new ArrayList<>();
        List<LabelImage> labels = new ArrayList<>();
        BigDecimal pieces = BigDecimal.ZERO;
        for (JsonNode piece : shipped.path("pieceResponses")) {
            numbers.add(TrackingNumberFormat.normalize(piece.path("trackingNumber").asText()));
            pieces = pieces.add(piece.path("netChargeAmount").decimalValue());
            JsonNode document = null;
            for (JsonNode candidate : piece.path("packageDocuments")) {
                if (candidate.hasNonNull("encodedLabel")) {
                    document = candidate;
                    break;
                }
            }
            if (document == null) {
                throw new CarrierUnavailable("FedEx answered package " + numbers.getLast() + " without its label");
            }
            labels.add(new LabelImage(document.path("docType").asText("PDF"),
                    Base64.getMimeDecoder().decode(document.path("encodedLabel").asText())));
        }
        JsonNode rating = shipped.path("completedShipmentDetail").path("shipmentRating")
                .path("shipmentRateDetails").path(0);
        BigDecimal total = rating.has("totalNetCharge") ? rating.path("totalNetCharge").decimalValue() : pieces;
        return new PurchasedLabel(carrier, serviceCode, shipped.path("masterTrackingNumber").asText(numbers.get(0)),
                numbers, Money.parse(total.setScale(2, RoundingMode.HALF_UP).toPlainString(),
                rating.path("currency").asText(request.currency())), labels);
    }

    @Override
    public void voidLabel(String trackingNumber) {
        String number = TrackingNumberFormat.normalize(trackingNumber);
        checked(number);
        Map<String, Object> body = Map.of("accountNumber", Map.of("value", account.accountNumber()),
                "emailShipment", false, "senderCountryCode", "US", "deletionControl", "DELETE_ALL_PACKAGES",
                "trackingNumber", number);
        JsonNode output = http.call(CarrierHttp.Request.json(CarrierHttp.Kind.READ, "PUT",
                "/ship/v1/shipments/cancel", body, token, "trackingNumber").with("X-locale", "en_US")).json()
                .path("output");
        if (!output.path("cancelledShipment").asBoolean(false)) {
            throw new ValidationFailed("trackingNumber", "FedEx: " + output.path("message")
                    .asText("the shipment was not cancelled"));
        }
    }

    @Override
    public List<TrackingEvent> track(String trackingNumber) {
        String number = TrackingNumberFormat.normalize(trackingNumber);
        checked(number);
        Map<String, Object> body = Map.of("includeDetailedScans", true,
                "trackingInfo", List.of(Map.of("trackingNumberInfo", Map.of("trackingNumber", number))));
        JsonNode answer = http.call(CarrierHttp.Request.json(CarrierHttp.Kind.READ, "POST",
                "/track/v1/trackingnumbers", body, token, "trackingNumber").with("X-locale", "en_US")).json();
        List<TrackingEvent> events = new ArrayList<>();
        for (JsonNode complete : answer.path("output").path("completeTrackResults")) {
            for (JsonNode result : complete.path("trackResults")) {
                if (result.has("error")) {
                    throw new ValidationFailed("trackingNumber", "FedEx: " + result.path("error").path("message")
                            .asText() + " (" + result.path("error").path("code").asText() + ")");
                }
                for (JsonNode scan : result.path("scanEvents")) {
                    String type = scan.path("eventType").asText();
                    String words = scan.path("eventDescription").asText("") + " "
                            + scan.path("exceptionDescription").asText("");
                    Optional<TrackingStatus> status = status(type, words);
                    if (status.isEmpty()) {
                        continue;
                    }
                    Instant at = OffsetDateTime.parse(scan.path("date").asText()).toInstant();
                    JsonNode location = scan.path("scanLocation");
                    String place = String.join(", ", java.util.stream.Stream.of(location.path("city").asText(""),
                            location.path("stateOrProvinceCode").asText("")).filter(s -> !s.isBlank()).toList());
                    events.add(new TrackingEvent(carrier, number, number + "-" + type + "-" + at.getEpochSecond(),
                            status.get(), type, at, scan.path("eventDescription").asText(null),
                            place.isEmpty() ? null : place));
                }
            }
        }
        return oldestFirst(events);
    }

    /** Our status for a FedEx scan event type; exceptions (DE, SE) by their words. */
    static Optional<TrackingStatus> status(String type, String words) {
        String said = words.toLowerCase(Locale.ROOT);
        return Optional.ofNullable(switch (type) {
            case "OC" -> TrackingStatus.LABEL_CREATED;
            case "PU" -> TrackingStatus.ACCEPTED;
            case "IT", "AR", "DP", "AF", "FD", "PL", "TR", "CC", "CD", "HL", "AO" -> TrackingStatus.IN_TRANSIT;
            case "OD" -> TrackingStatus.OUT_FOR_DELIVERY;
            case "DL" -> TrackingStatus.DELIVERED;
            case "RS" -> TrackingStatus.RETURNED_TO_SENDER;
            case "DE", "SE", "CH", "DY" -> said.contains("address") ? TrackingStatus.ADDRESS_PROBLEM
                    : said.contains("lost") || said.contains("locate") ? TrackingStatus.LOST
                    : said.contains("return") ? TrackingStatus.RETURNED_TO_SENDER : TrackingStatus.IN_TRANSIT;
            default -> null;
        });
    }

    private List<Map<String, Object>> packages(ShipmentRequest request, String reference) {
        boolean imperial = "US".equals(request.shipFrom().country());
        List<Map<String, Object>> items = new ArrayList<>();
        int sequence = 1;
        for (Parcel parcel : request.parcels()) {
            Map<String, Object> item = new LinkedHashMap<>();
            if (reference != null) {
                item.put("sequenceNumber", sequence++);
            }
            item.put("weight", Map.of("units", imperial ? "LB" : "KG",
                    "value", imperial ? pounds(parcel.weightGrams()) : kilograms(parcel.weightGrams())));
            item.put("dimensions", Map.of("length", whole(parcel.lengthMm(), imperial),
                    "width", whole(parcel.widthMm(), imperial), "height", whole(parcel.heightMm(), imperial),
                    "units", imperial ? "IN" : "CM"));
            if (reference != null) {
                item.put("customerReferences", List.of(Map.of("customerReferenceType", "CUSTOMER_REFERENCE",
                        "value", reference.length() > 40 ? reference.substring(0, 40) : reference)));
            }
            items.add(item);
        }
        return items;
    }

    private static int whole(int mm, boolean imperial) {
        return (imperial ? inches(mm) : centimetres(mm)).setScale(0, RoundingMode.CEILING).intValueExact();
    }

    private static Map<String, Object> address(Address address) {
        List<String> lines = new ArrayList<>();
        lines.add(or(address.line1(), ""));
        if (address.line2() != null && !address.line2().isBlank()) {
            lines.add(address.line2());
        }
        return fields("streetLines", lines, "city", address.city(), "stateOrProvinceCode", address.region(),
                "postalCode", address.postalCode(), "countryCode", address.country());
    }

    private static Map<String, Object> party(Address address) {
        return Map.of("contact", fields("personName", or(address.name(), "Recipient"),
                "phoneNumber", or(address.phone(), "0000000000")), "address", address(address));
    }
}
