package com.creatorflow.shared.shipping.carrier.direct;

import com.creatorflow.shared.crypto.Digests;
import com.creatorflow.shared.error.CarrierUnavailable;
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
import com.creatorflow.shared.shipping.domain.WebhookRejected;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UPS through its REST APIs (developer.ups.com): OAuth 2 client credentials at {@code /security/v1/oauth/token}
 * (HTTP Basic with the app's client id and secret, {@code x-merchant-id} the shipper number), Rating
 * {@code POST /api/rating/v2409/Shop}, Shipping {@code POST /api/shipments/v2409/ship} (a 4x6 GIF label per package),
 * Void {@code DELETE /api/shipments/v2409/void/cancel/{shipmentId}}, Tracking
 * {@code GET /api/track/v1/details/{inquiryNumber}} and Track Alert: after a purchase the packages are subscribed
 * ({@code POST /api/track/v1/subscription/standard/package}) to our webhook when one is configured, and UPS posts each
 * activity there with the subscription's credential in the {@code credential} header. Errors arrive as
 * {@code {"response": {"errors": [{"code", "message"}]}}}.
 */
public final class UpsAdapter extends DirectCarrierAdapter {
    /** The API version of the Rating and Shipping paths. */
    public static final String VERSION = "v2409";
    /** The header Track Alert deliveries carry the subscription's credential in. */
    public static final String WEBHOOK_HEADER = "credential";

    private static final Logger LOG = LoggerFactory.getLogger(UpsAdapter.class);
    private static final Map<String, String> SERVICES = Map.of("GROUND", "03", "THREE_DAY_SELECT", "12",
            "SECOND_DAY_AIR", "02", "NEXT_DAY_AIR", "01", "WORLDWIDE_SAVER", "65");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final AccessToken token;
    private final URI webhookUrl;
    private final Map<String, String> shipmentOf = remembered();

    /**
     * @param settings the endpoint ({@code https://onlinetools.ups.com}, or {@code https://wwwcie.ups.com} to test)
     *                 and resilience settings
     * @param account the app's client id and secret, the shipper number, the Track Alert credential
     * @param webhookUrl where Track Alert posts (our {@code /webhooks/carriers/ups}), or null to not subscribe
     * @param client the shared HTTP client
     * @param clock the clock
     */
    public UpsAdapter(CarrierSettings settings, DirectAccount account, URI webhookUrl, HttpClient client,
                      Clock clock) {
        super(Carrier.UPS, settings, account, client, clock, UpsAdapter::refusal);
        require(account.accountNumber(), "accountNumber");
        this.webhookUrl = webhookUrl;
        this.token = AccessToken.shared("ups|" + settings.baseUrl() + "|" + Digests.sha256Hex(account.clientId()
                + ":" + account.clientSecret()), clock, this::fetchToken);
    }

    @Override
    AccessToken.Issued fetchToken() {
        String basic = Base64.getEncoder().encodeToString((account.clientId() + ":" + account.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        CarrierHttp.Answer answer = http.once(new CarrierHttp.Request(CarrierHttp.Kind.TOKEN, "POST",
                "/security/v1/oauth/token", Map.of("Authorization", "Basic " + basic,
                "x-merchant-id", account.accountNumber()), "application/x-www-form-urlencoded",
                "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8), null, "credentials"));
        JsonNode body = answer.json();
        return new AccessToken.Issued(body.path("access_token").asText(),
                clock.instant().plusSeconds(body.path("expires_in").asLong(3600)));
    }

    static CarrierHttp.Refusal refusal(JsonNode body) {
        JsonNode error = body.path("response").path("errors").path(0);
        if (error.isMissingNode()) {
            return new CarrierHttp.Refusal(null, null, null);
        }
        String code = error.path("code").asText(null);
        String message = error.path("message").asText(null);
        return new CarrierHttp.Refusal(code, message, CarrierHttp.fieldOf(message));
    }


    @Override
    public List<RateQuote> rates(ShipmentRequest request) {
        List<ServiceLevel> offered = carrier.servicesFor(request.shipFrom().country(), request.shipTo().country());
        if (offered.isEmpty()) {
            return List.of();
        }
        Map<String, Object> shipment = shipment(request, null);
        shipment.put("ShipmentRatingOptions", Map.of("NegotiatedRatesIndicator", "Y"));
        shipment.put("DeliveryTimeInformation", Map.of("PackageBillType", "03"));
        Map<String, Object> body = Map.of("RateRequest", Map.of(
                "Request", Map.of("TransactionReference", Map.of("CustomerContext", request.reference())),
                "Shipment", shipment));
        JsonNode answer = http.call(authed(CarrierHttp.Request.json(CarrierHttp.Kind.READ, "POST",
                "/api/rating/" + VERSION + "/Shop", body, token, "shipTo"), null)).json();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<RateQuote> quotes = new ArrayList<>();
        for (JsonNode rated : list(answer.path("RateResponse").path("RatedShipment"))) {
            String code = rated.path("Service").path("Code").asText();
            Optional<ServiceLevel> service = offered.stream()
                    .filter(s -> code.equals(SERVICES.get(s.code()))).findFirst();
            if (service.isEmpty()) {
                continue;
            }
            JsonNode negotiated = rated.path("NegotiatedRateCharges").path("TotalCharge");
            JsonNode charge = negotiated.isMissingNode() ? rated.path("TotalCharges") : negotiated;
            int days = rated.path("GuaranteedDelivery").path("BusinessDaysInTransit")
                    .asInt(service.get().maxDays());
            quotes.add(new RateQuote(carrier, service.get().code(), Money.parse(
                    charge.path("MonetaryValue").asText(), charge.path("CurrencyCode").asText(request.currency())),
                    days, BusinessDays.after(today, days)));
        }
        return quotes;
    }

    @Override
    protected PurchasedLabel purchase(ShipmentRequest request, String serviceCode, String idempotencyKey) {
        Map<String, Object> shipment = shipment(request, serviceCode);
        shipment.put("Description", "Merchandise");
        shipment.put("PaymentInformation", Map.of("ShipmentCharge", List.of(Map.of("Type", "01",
                "BillShipper", Map.of("AccountNumber", account.accountNumber())))));
        shipment.put("ShipmentRatingOptions", Map.of("NegotiatedRatesIndicator", "Y"));
        shipment.put("ReferenceNumber", Map.of("Value", truncate(request.reference(), 35)));
        Map<String, Object> body = Map.of("ShipmentRequest", Map.of(
                "Request", Map.of("RequestOption", "nonvalidate",
                        "TransactionReference", Map.of("CustomerContext", request.reference())),
                "Shipment", shipment,
                "LabelSpecification", Map.of("LabelImageFormat", Map.of("Code", "GIF"),
                        "LabelStockSize", Map.of("Height", "6", "Width", "4"))));
        JsonNode results = http.call(authed(CarrierHttp.Request.json(CarrierHttp.Kind.PURCHASE, "POST",
                        "/api/shipments/" + VERSION + "/ship", body, token, "shipTo"), idempotencyKey)).json()
                .path("ShipmentResponse").path("ShipmentResults");
        String shipmentId = results.path("ShipmentIdentificationNumber").asText();
        List<String> numbers = new ArrayList<>();
        List<LabelImage> labels = new ArrayList<>();
        for (JsonNode pkg : list(results.path("PackageResults"))) {
            numbers.add(TrackingNumberFormat.normalize(pkg.path("TrackingNumber").asText()));
            JsonNode label = pkg.path("ShippingLabel");
            labels.add(new LabelImage(label.path("ImageFormat").path("Code").asText("GIF"),
                    Base64.getMimeDecoder().decode(label.path("GraphicImage").asText())));
        }
        synchronized (shipmentOf) {
            numbers.forEach(n -> shipmentOf.put(n, shipmentId));
        }
        JsonNode negotiated = results.path("NegotiatedRateCharges").path("TotalCharge");
        JsonNode charge = negotiated.isMissingNode() ? results.path("ShipmentCharges").path("TotalCharges")
                : negotiated;
        subscribe(numbers);
        return new PurchasedLabel(carrier, serviceCode, shipmentId, numbers, Money.parse(
                charge.path("MonetaryValue").asText("0"), charge.path("CurrencyCode").asText(request.currency())),
                labels);
    }

    private void subscribe(List<String> numbers) {
        if (webhookUrl == null || account.webhookSecret() == null) {
            return;
        }
        Map<String, Object> body = Map.of("locale", "en_US", "countryCode", "US", "trackingNumberList", numbers,
                "destination", Map.of("url", webhookUrl.toString(), "credentialType", "Bearer",
                        "credential", account.webhookSecret()));
        try {
            JsonNode answer = http.call(authed(CarrierHttp.Request.json(CarrierHttp.Kind.READ, "POST",
                    "/api/track/v1/subscription/standard/package", body, token, "trackingNumber"), null)).json();
            if (!answer.path("invalidTrackingNumbers").isEmpty()) {
                LOG.warn("UPS Track Alert refused {}", answer.path("invalidTrackingNumbers"));
            }
        } catch (RuntimeException e) {
            LOG.warn("UPS Track Alert subscription failed; tracking must be read instead: {}", e.getMessage());
        }
    }

    @Override
    public void voidLabel(String trackingNumber) {
        String number = checked(trackingNumber);
        String shipmentId;
        synchronized (shipmentOf) {
            shipmentId = shipmentOf.getOrDefault(number, number);
        }
        String query = shipmentId.equals(number) ? "" : "?trackingnumber=" + number;
        http.call(authed(CarrierHttp.Request.json(CarrierHttp.Kind.READ, "DELETE",
                "/api/shipments/" + VERSION + "/void/cancel/" + shipmentId + query, null, token,
                "trackingNumber"), null));
    }

    @Override
    public List<TrackingEvent> track(String trackingNumber) {
        String number = checked(trackingNumber);
        JsonNode answer = http.call(authed(CarrierHttp.Request.json(CarrierHttp.Kind.READ, "GET",
                "/api/track/v1/details/" + number + "?locale=en_US&returnSignature=false", null, token,
                "trackingNumber"), null)).json();
        List<TrackingEvent> events = new ArrayList<>();
        for (JsonNode shipment : list(answer.path("trackResponse").path("shipment"))) {
            for (JsonNode pkg : list(shipment.path("package"))) {
                for (JsonNode activity : list(pkg.path("activity"))) {
                    JsonNode address = activity.path("location").path("address");
                    Instant at = instant(activity.path("gmtDate").asText(activity.path("date").asText()),
                            activity.path("gmtTime").asText(activity.path("time").asText()));
                    event(number, activity.path("status"), at, place(address.path("city"),
                            address.path("stateProvince"), address.path("countryCode"))).ifPresent(events::add);
                }
            }
        }
        return oldestFirst(events);
    }

    @Override
    public String webhookSignatureHeader() {
        return WEBHOOK_HEADER;
    }

    @Override
    public List<TrackingEvent> parseWebhook(String credential, byte[] body) {
        String secret = account.webhookSecret();
        if (secret == null || secret.isBlank()) {
            throw new WebhookRejected("no Track Alert credential is configured for UPS");
        }
        if (credential == null || !MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                credential.getBytes(StandardCharsets.UTF_8))) {
            throw new WebhookRejected("the " + WEBHOOK_HEADER + " header does not match the Track Alert credential");
        }
        JsonNode root = tree(body);
        String number = checked(root.path("trackingNumber").asText(null));
        JsonNode location = root.path("activityLocation");
        Instant at = instant(root.path("gmtActivityDate").asText(root.path("localActivityDate").asText()),
                root.path("gmtActivityTime").asText(root.path("localActivityTime").asText()));
        return event(number, root.path("activityStatus"), at, place(location.path("city"),
                location.path("stateProvince"), location.path("country"))).map(List::of).orElse(List.of());
    }

    private Optional<TrackingEvent> event(String number, JsonNode status, Instant at, String location) {
        String type = status.path("type").asText();
        String description = status.path("description").asText(null);
        Optional<TrackingStatus> ours = status(type, status.path("code").asText(""), description);
        if (ours.isEmpty()) {
            LOG.debug("UPS activity type {} carries no status of ours; ignored", type);
            return Optional.empty();
        }
        String id = number + "-" + STAMP.format(LocalDateTime.ofInstant(at, ZoneOffset.UTC)) + "-" + type
                + status.path("code").asText("");
        return Optional.of(new TrackingEvent(carrier, number, id, ours.get(), type, at, description, location));
    }

    /** Our status for a UPS activity: its type (M, P, I, O, D, RS, X, ...) and, for exceptions, its words. */
    static Optional<TrackingStatus> status(String type, String code, String description) {
        String words = (code + " " + (description == null ? "" : description)).toLowerCase(Locale.ROOT);
        return Optional.ofNullable(switch (type) {
            case "M" -> TrackingStatus.LABEL_CREATED;
            case "P" -> TrackingStatus.ACCEPTED;
            case "I", "DO", "DD", "W" -> TrackingStatus.IN_TRANSIT;
            case "O" -> TrackingStatus.OUT_FOR_DELIVERY;
            case "D" -> TrackingStatus.DELIVERED;
            case "RS" -> TrackingStatus.RETURNED_TO_SENDER;
            case "X" -> words.contains("address") ? TrackingStatus.ADDRESS_PROBLEM
                    : words.contains("lost") || words.contains("locate") ? TrackingStatus.LOST
                    : words.contains("return") ? TrackingStatus.RETURNED_TO_SENDER : TrackingStatus.IN_TRANSIT;
            default -> null;
        });
    }

    private CarrierHttp.Request authed(CarrierHttp.Request request, String idempotencyKey) {
        String transId = idempotencyKey == null ? UUID.randomUUID().toString().replace("-", "")
                : Digests.sha256Hex(idempotencyKey).substring(0, 32);
        return request.with("transId", transId).with("transactionSrc", "creatorflow");
    }

    private Map<String, Object> shipment(ShipmentRequest request, String serviceCode) {
        boolean imperial = "US".equals(request.shipFrom().country());
        Map<String, Object> shipper = party(request.shipFrom());
        shipper.put("ShipperNumber", account.accountNumber());
        Map<String, Object> shipment = new LinkedHashMap<>();
        shipment.put("Shipper", shipper);
        shipment.put("ShipTo", party(request.shipTo()));
        shipment.put("ShipFrom", party(request.shipFrom()));
        if (serviceCode != null) {
            shipment.put("Service", Map.of("Code", SERVICES.get(serviceCode),
                    "Description", carrier.service(serviceCode).name()));
        }
        shipment.put("NumOfPieces", String.valueOf(request.parcels().size()));
        List<Map<String, Object>> packages = new ArrayList<>();
        for (Parcel parcel : request.parcels()) {
            String length = imperial ? "IN" : "CM";
            packages.add(fields(serviceCode == null ? "PackagingType" : "Packaging",
                    Map.of("Code", "02", "Description", "Customer Supplied Package"),
                    "Dimensions", Map.of("UnitOfMeasurement", Map.of("Code", length),
                            "Length", size(parcel.lengthMm(), imperial), "Width", size(parcel.widthMm(), imperial),
                            "Height", size(parcel.heightMm(), imperial)),
                    "PackageWeight", Map.of("UnitOfMeasurement", Map.of("Code", imperial ? "LBS" : "KGS"),
                            "Weight", (imperial ? pounds(parcel.weightGrams())
                                    : kilograms(parcel.weightGrams())).toPlainString())));
        }
        shipment.put("Package", packages);
        return shipment;
    }

    private static String size(int mm, boolean imperial) {
        return (imperial ? inches(mm) : centimetres(mm)).toPlainString();
    }

    private static Map<String, Object> party(Address address) {
        List<String> lines = new ArrayList<>();
        lines.add(or(address.line1(), ""));
        if (address.line2() != null && !address.line2().isBlank()) {
            lines.add(address.line2());
        }
        Map<String, Object> party = new LinkedHashMap<>();
        party.put("Name", truncate(or(address.name(), "Recipient"), 35));
        if (address.phone() != null && !address.phone().isBlank()) {
            party.put("Phone", Map.of("Number", address.phone()));
        }
        party.put("Address", fields("AddressLine", lines, "City", address.city(),
                "StateProvinceCode", address.region(), "PostalCode", address.postalCode(),
                "CountryCode", address.country()));
        return party;
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    private static String place(JsonNode... parts) {
        List<String> words = new ArrayList<>();
        for (JsonNode part : parts) {
            if (!part.asText("").isBlank()) {
                words.add(part.asText());
            }
        }
        return words.isEmpty() ? null : String.join(", ", words);
    }

    /** A UPS date ({@code yyyyMMdd}) and time ({@code HHmmss} or {@code HH:mm:ss}) read as UTC. */
    static Instant instant(String date, String time) {
        try {
            String t = time == null || time.isBlank() ? "000000" : time.replace(":", "");
            return LocalDateTime.parse(date + t, STAMP).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new CarrierUnavailable("UPS sent an unreadable activity time " + date + " " + time);
        }
    }
}
