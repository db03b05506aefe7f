package com.creatorflow.shared.shipping.carrier.direct;

import com.creatorflow.shared.crypto.Digests;
import com.creatorflow.shared.error.CarrierUnavailable;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.shipping.domain.BusinessDays;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierSettings;
import com.creatorflow.shared.shipping.domain.DirectAccount;
import com.creatorflow.shared.shipping.domain.LabelImage;
import com.creatorflow.shared.shipping.domain.Multipart;
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
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * USPS through its APIs v3 (developers.usps.com, {@code https://apis.usps.com}): OAuth 2 client credentials at
 * {@code /oauth2/v3/token}, a payment authorization ({@code POST /payments/v3/payment-authorization}, the account's
 * CRID, MID and EPS account) for labels, Domestic Prices {@code POST /prices/v3/base-rates/search} (one call per mail
 * class and parcel), Domestic Labels {@code POST /labels/v3/label} (one label per parcel, answered as a multipart body
 * of {@code labelMetadata} JSON and a {@code labelImage} PDF), cancel {@code DELETE /labels/v3/label/{trackingNumber}}
 * and Tracking {@code GET /tracking/v3/tracking/{trackingNumber}?expand=DETAIL}. Errors arrive as
 * {@code {"apiVersion", "error": {"code", "message", "errors": [{"code", "title", "detail", "source": {"parameter"}}]}}}.
 * Domestic services only: Priority Mail International is left to the aggregator.
 */
public final class UspsAdapter extends DirectCarrierAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(UspsAdapter.class);
    private static final Map<String, String> MAIL_CLASSES = Map.of("GROUND_ADVANTAGE", "USPS_GROUND_ADVANTAGE",
            "PRIORITY_MAIL", "PRIORITY_MAIL", "PRIORITY_MAIL_EXPRESS", "PRIORITY_MAIL_EXPRESS");
    private static final Map<String, TrackingStatus> EVENT_CODES = Map.ofEntries(
            Map.entry("GX", TrackingStatus.LABEL_CREATED), Map.entry("MA", TrackingStatus.LABEL_CREATED),
            Map.entry("OA", TrackingStatus.ACCEPTED), Map.entry("03", TrackingStatus.ACCEPTED),
            Map.entry("SF", TrackingStatus.ACCEPTED), Map.entry("10", TrackingStatus.IN_TRANSIT),
            Map.entry("07", TrackingStatus.IN_TRANSIT), Map.entry("T1", TrackingStatus.IN_TRANSIT),
            Map.entry("L1", TrackingStatus.IN_TRANSIT), Map.entry("U1", TrackingStatus.IN_TRANSIT),
            Map.entry("OF", TrackingStatus.OUT_FOR_DELIVERY), Map.entry("01", TrackingStatus.DELIVERED),
            Map.entry("09", TrackingStatus.RETURNED_TO_SENDER), Map.entry("LS", TrackingStatus.LOST),
            Map.entry("04", TrackingStatus.RETURNED_TO_SENDER), Map.entry("05", TrackingStatus.ADDRESS_PROBLEM),
            Map.entry("21", TrackingStatus.ADDRESS_PROBLEM), Map.entry("22", TrackingStatus.ADDRESS_PROBLEM),
            Map.entry("23", TrackingStatus.ADDRESS_PROBLEM), Map.entry("25", TrackingStatus.ADDRESS_PROBLEM));

    private final AccessToken token;
    private final AccessToken payment;

    /**
     * @param settings the endpoint ({@code https://apis.usps.com}, or {@code https://apis-tem.usps.com} to test) and
     *                 resilience settings
     * @param account the app's consumer key and secret, the EPS account number, and {@code crid}, {@code mid}
     *                (and optionally {@code manifestMid}) in its extra identifiers
     * @param client the shared HTTP client
     * @param clock the clock
     */
    public UspsAdapter(CarrierSettings settings, DirectAccount account, HttpClient client, Clock clock) {
        super(Carrier.USPS, settings, account, client, clock, UspsAdapter::refusal);
        require(account.accountNumber(), "accountNumber");
        require(account.extra("crid").orElse(null), "crid");
        require(account.extra("mid").orElse(null), "mid");
        String key = "usps|" + settings.baseUrl() + "|" + Digests.sha256Hex(account.clientId() + ":"
                + account.clientSecret());
        this.token = AccessToken.shared(key, clock, this::fetchToken);
        this.payment = AccessToken.shared(key + "|payment|" + account.accountNumber(), clock, this::fetchPayment);
    }

    @Override
    AccessToken.Issued fetchToken() {
        Map<String, Object> body = Map.of("grant_type", "client_credentials", "client_id", account.clientId(),
                "client_secret", account.clientSecret());
        JsonNode answer = http.once(CarrierHttp.Request.json(CarrierHttp.Kind.TOKEN, "POST", "/oauth2/v3/token", body,
                null, "credentials")).json();
        return new AccessToken.Issued(answer.path("access_token").asText(),
                clock.instant().plusSeconds(answer.path("expires_in").asLong(3600)));
    }

    private AccessToken.Issued fetchPayment() {
        String crid = account.extra("crid").orElseThrow();
        String mid = account.extra("mid").orElseThrow();
        String manifest = account.extra("manifestMid").orElse(mid);
        Map<String, Object> body = Map.of("roles", List.of(
                Map.of("roleName", "PAYER", "CRID", crid, "MID", mid, "manifestMID", manifest,
                        "accountType", "EPS", "accountNumber", account.accountNumber()),
                Map.of("roleName", "LABEL_OWNER", "CRID", crid, "MID", mid, "manifestMID", manifest)));
        JsonNode answer = http.once(CarrierHttp.Request.json(CarrierHttp.Kind.TOKEN, "POST",
                "/payments/v3/payment-authorization", body, token, "credentials")).json();
        return new AccessToken.Issued(answer.path("paymentAuthorizationToken").asText(),
                clock.instant().plus(Duration.ofHours(8)));
    }

    static CarrierHttp.Refusal refusal(JsonNode body) {
        JsonNode error = body.path("error");
        if (error.isMissingNode()) {
            return new CarrierHttp.Refusal(null, body.path("error_description").asText(null), null);
        }
        JsonNode first = error.path("errors").path(0);
        String parameter = first.path("source").path("parameter").asText(null);
        String detail = first.path("detail").asText(first.path("title").asText(null));
        String message = error.path("message").asText(null);
        String code = first.path("code").asText(error.path("code").asText(null));
        return new CarrierHttp.Refusal(code, detail == null ? message : message + ": " + detail,
                CarrierHttp.fieldOf(parameter == null ? detail : parameter));
    }


    @Override
    public List<RateQuote> rates(ShipmentRequest request) {
        List<ServiceLevel> offered = carrier.servicesFor(request.shipFrom().country(), request.shipTo().country())
                .stream().filter(s -> MAIL_CLASSES.containsKey(s.code())).toList();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<RateQuote> quotes = new ArrayList<>();
        for (ServiceLevel service : offered) {
            BigDecimal total = BigDecimal.ZERO;
            for (Parcel parcel : request.parcels()) {
                Map<String, Object> body = new LinkedHashMap<>(pieceDescription(service.code(), parcel, today));
                body.put("originZIPCode", zip(request.shipFrom().postalCode()));
                body.put("destinationZIPCode", zip(request.shipTo().postalCode()));
                body.put("priceType", "COMMERCIAL");
                JsonNode answer = http.call(CarrierHttp.Request.json(CarrierHttp.Kind.READ, "POST",
                        "/prices/v3/base-rates/search", body, token, "shipTo")).json();
                total = total.add(answer.path("totalBasePrice").decimalValue());
            }
            quotes.add(new RateQuote(carrier, service.code(), Money.parse(total.toPlainString(), "USD"),
                    service.maxDays(), BusinessDays.after(today, service.maxDays())));
        }
        return quotes;
    }

    @Override
    protected PurchasedLabel purchase(ShipmentRequest request, String serviceCode, String idempotencyKey) {
        if (!MAIL_CLASSES.containsKey(serviceCode)) {
            throw new ValidationFailed("service", "USPS " + serviceCode
                    + " is not offered through the USPS APIs adapter; use the aggregator");
        }
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<String> numbers = new ArrayList<>();
        List<LabelImage> labels = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        try {
            for (Parcel parcel : request.parcels()) {
                Map<String, Object> description = new LinkedHashMap<>(pieceDescription(serviceCode, parcel, today));
                description.put("customerReference", List.of(Map.of("referenceNumber", request.reference(),
                        "printReferenceNumber", true)));
                Map<String, Object> body = Map.of(
                        "imageInfo", Map.of("imageType", "PDF", "labelType", "4X6LABEL", "receiptOption", "NONE"),
                        "toAddress", address(request.shipTo()),
                        "fromAddress", address(request.shipFrom()),
                        "packageDescription", description);
                CarrierHttp.Answer answer = http.call(CarrierHttp.Request.json(CarrierHttp.Kind.PURCHASE, "POST",
                        "/labels/v3/label", body, token, "shipTo")
                        .with("X-Payment-Authorization-Token", payment.get()));
                Label label = label(answer);
                numbers.add(TrackingNumberFormat.normalize(label.metadata().path("trackingNumber").asText()));
                labels.add(new LabelImage("PDF", label.pdf()));
                total = total.add(label.metadata().path("postage").decimalValue());
            }
        } catch (RuntimeException failed) {
            numbers.forEach(this::cancelQuietly);
            throw failed;
        }
        return new PurchasedLabel(carrier, serviceCode, numbers.get(0), numbers,
                Money.parse(total.toPlainString(), "USD"), labels);
    }

    private void cancelQuietly(String number) {
        try {
            voidLabel(number);
        } catch (RuntimeException e) {
            LOG.warn("USPS label {} of a failed multi-parcel purchase could not be cancelled: {}", number,
                    e.getMessage());
        }
    }

    /**
     * A label answer.
     *
     * @param metadata the {@code labelMetadata} part
     * @param pdf the {@code labelImage} part, decoded
     */
    record Label(JsonNode metadata, byte[] pdf) {
    }

    /** Reads a label answer: multipart ({@code labelMetadata} + {@code labelImage}) or JSON with a base64 image. */
    static Label label(CarrierHttp.Answer answer) {
        Optional<String> boundary = Multipart.boundary(answer.headers().firstValue("Content-Type").orElse(null));
        if (boundary.isEmpty()) {
            JsonNode json = answer.json();
            return new Label(json.path("labelMetadata"), Base64.getMimeDecoder()
                    .decode(json.path("labelImage").asText()));
        }
        JsonNode metadata = null;
        byte[] pdf = null;
        for (Multipart.Part part : Multipart.parse(answer.body(), boundary.get())) {
            String name = part.name().orElse("");
            if (name.equals("labelMetadata")) {
                metadata = Json.treeOrEmpty(part.body());
            } else if (name.equals("labelImage")) {
                pdf = startsWithPdf(part.body()) ? part.body()
                        : Base64.getMimeDecoder().decode(new String(part.body(), StandardCharsets.US_ASCII).trim());
            }
        }
        if (metadata == null || pdf == null) {
            throw new CarrierUnavailable("USPS answered a label without labelMetadata and labelImage");
        }
        return new Label(metadata, pdf);
    }

    private static boolean startsWithPdf(byte[] bytes) {
        return bytes.length > 4 && bytes[0] == '%' && bytes[1] == 'P' && bytes[2] == 'D' && bytes[3] == 'F';
    }

    @Override
    public void voidLabel(String trackingNumber) {
        String number = checked(trackingNumber);
        http.call(CarrierHttp.Request.json(CarrierHttp.Kind.READ, "DELETE", "/labels/v3/label/" + number, null,
                token, "trackingNumber").with("X-Payment-Authorization-Token", payment.get()));
    }

    @Override
    public List<TrackingEvent> track(String trackingNumber) {
        String number = checked(trackingNumber);
        JsonNode answer = http.call(CarrierHttp.Request.json(CarrierHttp.Kind.READ, "GET",
                "/tracking/v3/tracking/" + number + "?expand=DETAIL", null, token, "trackingNumber")).json();
        List<TrackingEvent> events = new ArrayList<>();
        for (JsonNode event : answer.path("trackingEvents")) {
            String code = event.path("eventCode").asText();
            Optional<TrackingStatus> status = status(code, event.path("eventType").asText(""));
            if (status.isEmpty()) {
                continue;
            }
            Instant at = timestamp(event.path("eventTimestamp").asText());
            String place = String.join(", ", java.util.stream.Stream.of(event.path("eventCity").asText(""),
                    event.path("eventState").asText("")).filter(s -> !s.isBlank()).toList());
            events.add(new TrackingEvent(carrier, number, number + "-" + code + "-" + at.getEpochSecond(),
                    status.get(), code, at, event.path("eventType").asText(null), place.isEmpty() ? null : place));
        }
        return oldestFirst(events);
    }

    /** Our status for a USPS event code, or from its words for codes outside the table. */
    static Optional<TrackingStatus> status(String code, String eventType) {
        TrackingStatus known = EVENT_CODES.get(code);
        if (known != null) {
            return Optional.of(known);
        }
        String words = eventType.toLowerCase(Locale.ROOT);
        if (words.startsWith("delivered")) {
            return Optional.of(TrackingStatus.DELIVERED);
        }
        if (words.contains("out for delivery")) {
            return Optional.of(TrackingStatus.OUT_FOR_DELIVERY);
        }
        if (words.matches(".*(arrived|departed|in transit|processed|moving).*")) {
            return Optional.of(TrackingStatus.IN_TRANSIT);
        }
        return Optional.empty();
    }

    private static Instant timestamp(String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException offsetless) {
            try {
                return java.time.LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new CarrierUnavailable("USPS sent an unreadable event time " + value);
            }
        }
    }

    private static Map<String, Object> pieceDescription(String service, Parcel parcel, LocalDate day) {
        Map<String, Object> piece = new LinkedHashMap<>();
        piece.put("mailClass", MAIL_CLASSES.get(service));
        piece.put("rateIndicator", "SP");
        piece.put("processingCategory", "MACHINABLE");
        piece.put("destinationEntryFacilityType", "NONE");
        piece.put("weightUOM", "lb");
        piece.put("weight", pounds(parcel.weightGrams()));
        piece.put("dimensionsUOM", "in");
        piece.put("length", inches(parcel.lengthMm()));
        piece.put("width", inches(parcel.widthMm()));
        piece.put("height", inches(parcel.heightMm()));
        piece.put("mailingDate", day.toString());
        return piece;
    }

    private static Map<String, Object> address(Address address) {
        String name = or(address.name(), "Resident").trim();
        int space = name.lastIndexOf(' ');
        String postal = address.postalCode() == null ? "" : address.postalCode().trim();
        return fields("firstName", space < 0 ? name : name.substring(0, space),
                "lastName", space < 0 ? null : name.substring(space + 1),
                "streetAddress", address.line1(),
                "secondaryAddress", address.line2() == null || address.line2().isBlank() ? null : address.line2(),
                "city", address.city(), "state", address.region(), "ZIPCode", zip(postal),
                "ZIPPlus4", postal.matches("\\d{5}-?\\d{4}") ? postal.substring(postal.length() - 4) : null,
                "phone", address.phone());
    }

    private static String zip(String postalCode) {
        String postal = postalCode == null ? "" : postalCode.trim();
        return postal.length() >= 5 ? postal.substring(0, 5) : postal;
    }
}
