package com.creatorflow.shared.shipping.carrier.easypost;

import com.creatorflow.shared.error.CarrierUnavailable;
import com.creatorflow.shared.error.TransientFailure;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.PresignedPdfDownload;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierResilience.TransientCarrierError;
import com.creatorflow.shared.shipping.domain.EasyPostCarriers;
import com.creatorflow.shared.shipping.domain.EasyPostSignature;
import com.creatorflow.shared.shipping.domain.TrackingEvent;
import com.creatorflow.shared.shipping.domain.WebhookReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EasyPost's REST API v2 ({@code https://api.easypost.com/v2}) for one API key: HTTP Basic authentication with the
 * key as user name, JSON bodies wrapped in the object's name ({@code {"shipment": {...}}}), and its error shape
 * {@code {"error": {"code", "message", "errors": [{"field", "message"}]}}}. Timeouts, connection failures, 408, 429
 * and 5xx become {@link TransientCarrierError} (the adapters retry them); 401/403 is {@link CarrierUnavailable}
 * (the key is refused); any other 4xx is {@link ValidationFailed} naming our field for EasyPost's. One client serves
 * every carrier the key reaches ({@link EasyPostCarrierAdapter} is the per-carrier view) and reads EasyPost's signed
 * webhook {@code Event}s.
 */
public final class EasyPostClient implements WebhookReceiver {
    /** EasyPost's production API. */
    public static final URI DEFAULT_URL = URI.create("https://api.easypost.com/v2");
    private static final Logger LOG = LoggerFactory.getLogger(EasyPostClient.class);
    private static final Duration ACCOUNTS_TTL = Duration.ofMinutes(10);

    private final String base;
    private final String authorization;
    private final String webhookSecret;
    private final Duration timeout;
    private final HttpClient http;
    private final Clock clock;
    private final PresignedPdfDownload files;
    private volatile Map<Carrier, String> accounts;
    private volatile Instant accountsReadAt = Instant.EPOCH;

    /**
     * @param baseUrl the API's base URL, ending in {@code /v2}
     * @param apiKey the test-mode or production API key
     * @param webhookSecret the secret EasyPost signs webhooks with (null when webhooks are not used)
     * @param timeout how long one request may take
     * @param http the shared HTTP client
     * @param clock the clock of cached lookups
     */
    public EasyPostClient(URI baseUrl, String apiKey, String webhookSecret, Duration timeout, HttpClient http,
                          Clock clock) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("an EasyPost API key is needed");
        }
        this.base = baseUrl.toString().replaceAll("/+$", "");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((apiKey + ":").getBytes(StandardCharsets.UTF_8));
        this.webhookSecret = webhookSecret;
        this.timeout = timeout;
        this.http = http;
        this.clock = clock;
        this.files = new PresignedPdfDownload("EasyPost's label", URI.create(this.base));
    }

    /** Creates a shipment; its answer carries the rates (and {@code messages} for carriers that could not rate). */
    public JsonNode createShipment(ObjectNode shipment) {
        return send("POST", "/shipments", wrap("shipment", shipment), "shipTo");
    }

    /** A shipment by id or by the {@code reference} it was created with; empty when EasyPost has none. */
    public Optional<JsonNode> shipment(String idOrReference) {
        try {
            return Optional.of(send("GET", "/shipments/" + encode(idOrReference), null, "shipment"));
        } catch (NotFound e) {
            return Optional.empty();
        }
    }

    /** Buys a rate of a shipment, with insurance (a decimal amount) when given. */
    public JsonNode buy(String shipmentId, String rateId, String insurance) {
        ObjectNode body = Json.object();
        body.putObject("rate").put("id", rateId);
        if (insurance != null) {
            body.put("insurance", insurance);
        }
        return send("POST", "/shipments/" + encode(shipmentId) + "/buy", body, "service");
    }

    /** Converts a bought shipment's label to {@code PDF}, {@code PNG} or {@code ZPL}; the shipment with its URLs. */
    public JsonNode label(String shipmentId, String fileFormat) {
        return send("GET", "/shipments/" + encode(shipmentId) + "/label?file_format=" + encode(fileFormat), null,
                "labelFormat");
    }

    /** Asks for a refund of a bought shipment. */
    public JsonNode refundShipment(String shipmentId) {
        return send("POST", "/shipments/" + encode(shipmentId) + "/refund", Json.object(), "trackingNumber");
    }

    /** Asks for refunds by tracking code ({@code POST /refunds}); one Refund object per code. */
    public JsonNode refund(Carrier carrier, String trackingCode) {
        ObjectNode refund = Json.object();
        refund.put("carrier", EasyPostCarriers.name(carrier));
        refund.putArray("tracking_codes").add(trackingCode);
        return send("POST", "/refunds", wrap("refund", refund), "trackingNumber");
    }

    /** The tracker of a tracking code (EasyPost answers the existing one when it already tracks it). */
    public JsonNode tracker(Carrier carrier, String trackingCode) {
        ObjectNode tracker = Json.object();
        tracker.put("tracking_code", trackingCode);
        tracker.put("carrier", EasyPostCarriers.name(carrier));
        return send("POST", "/trackers", wrap("tracker", tracker), "trackingNumber");
    }

    /**
     * Creates and verifies an address ({@code verify: ["delivery"]}); the answer's
     * {@code verifications.delivery.success} says whether it is deliverable. Also the cheapest call that proves a key
     * works, used to check a connection.
     */
    public JsonNode verifyAddress(Address address) {
        ObjectNode body = Json.object();
        body.set("address", address(address));
        body.putArray("verify").add("delivery");
        return send("POST", "/addresses", body, "address");
    }

    /** Proves the key works: lists one address ({@code GET /addresses?page_size=1}), which any valid key may. */
    public void checkKey() {
        send("GET", "/addresses?page_size=1", null, "apiKey");
    }

    /**
     * The carrier account id of each of our carriers the key has an account with ({@code GET /carrier_accounts}),
     * read at most every 10 minutes. Empty when EasyPost does not list them for this key; shipments are then rated
     * by every account and the adapters keep their own carrier's rates.
     */
    public Map<Carrier, String> carrierAccounts() {
        Map<Carrier, String> known = accounts;
        if (known != null && clock.instant().isBefore(accountsReadAt.plus(ACCOUNTS_TTL))) {
            return known;
        }
        Map<Carrier, String> read = new HashMap<>();
        try {
            for (JsonNode account : send("GET", "/carrier_accounts", null, "carrierAccounts")) {
                for (Carrier carrier : Carrier.values()) {
                    if (EasyPostCarriers.accountType(carrier).equals(account.path("type").asText())) {
                        read.putIfAbsent(carrier, account.path("id").asText());
                    }
                }
            }
        } catch (ValidationFailed | CarrierUnavailable e) {
            LOG.info("EasyPost lists no carrier accounts for this key ({}); rating with all", e.getMessage());
        }
        accounts = Map.copyOf(read);
        accountsReadAt = clock.instant();
        return accounts;
    }

    /**
     * The PDF postage label of a bought shipment: asks for the PDF ({@code GET /shipments/{id}/label?file_format=PDF})
     * unless the shipment already carries its {@code label_pdf_url}, then downloads that pre-signed file URL without
     * the API key ({@link PresignedPdfDownload}: no redirects, size cap, PDF only, no internal addresses except the
     * API's own host).
     */
    public byte[] labelPdf(JsonNode boughtShipment) {
        String url = boughtShipment.path("postage_label").path("label_pdf_url").asText("");
        if (url.isBlank()) {
            url = label(boughtShipment.path("id").asText(), "PDF").path("postage_label").path("label_pdf_url")
                    .asText("");
        }
        if (url.isBlank()) {
            throw new CarrierUnavailable("EasyPost answered no PDF label URL for shipment "
                    + boughtShipment.path("id").asText());
        }
        try {
            return files.download(URI.create(url));
        } catch (PresignedPdfDownload.Refused | IllegalArgumentException e) {
            throw new CarrierUnavailable("EasyPost's label file was refused: " + e.getMessage());
        } catch (TransientFailure e) {
            throw new TransientCarrierError(e.getMessage());
        }
    }

    @Override
    public String webhookSignatureHeader() {
        return EasyPostSignature.HEADER;
    }

    /**
     * Verifies an EasyPost webhook delivery and reads the tracking events of its {@code tracker.created} /
     * {@code tracker.updated} Event (other events carry none). Details of carriers we do not ship with are ignored.
     */
    @Override
    public List<TrackingEvent> parseWebhook(String signatureHeader, byte[] body) {
        EasyPostSignature.verify(webhookSecret, signatureHeader, body);
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ValidationFailed("body", "the webhook body is not valid JSON");
        }
        if (!"Event".equals(event.path("object").asText())) {
            throw new ValidationFailed("object", "an EasyPost webhook delivers an Event");
        }
        String description = event.path("description").asText();
        if (!description.startsWith("tracker.")) {
            return List.of();
        }
        return trackingEvents(event.path("result"));
    }

    /** Our events for a Tracker object's {@code tracking_details}, oldest first. */
    static List<TrackingEvent> trackingEvents(JsonNode tracker) {
        Optional<Carrier> carrier = EasyPostCarriers.carrier(tracker.path("carrier").asText());
        String code = tracker.path("tracking_code").asText(null);
        if (carrier.isEmpty() || code == null) {
            LOG.warn("EasyPost tracker for carrier {} ignored", tracker.path("carrier").asText());
            return List.of();
        }
        List<TrackingEvent> events = new ArrayList<>();
        for (JsonNode detail : tracker.path("tracking_details")) {
            String status = detail.path("status").asText();
            String statusDetail = detail.path("status_detail").asText(null);
            String at = detail.path("datetime").asText();
            EasyPostCarriers.status(status, statusDetail).ifPresent(ours -> events.add(new TrackingEvent(
                    carrier.get(), code, code + "@" + at + "#" + status + "/" + statusDetail, ours,
                    statusDetail == null ? status : status + "/" + statusDetail, Instant.parse(at),
                    detail.path("message").asText(null), location(detail.path("tracking_location")))));
        }
        return events;
    }

    private static String location(JsonNode where) {
        String city = where.path("city").asText("");
        String country = where.path("country").asText("");
        String text = (city + ", " + country).replaceAll("^, |, $", "");
        return text.isBlank() ? null : text;
    }

    /** An address in EasyPost's fields. */
    static ObjectNode address(Address a) {
        ObjectNode node = Json.object();
        node.put("name", a.name());
        node.put("street1", a.line1());
        if (a.line2() != null && !a.line2().isBlank()) {
            node.put("street2", a.line2());
        }
        node.put("city", a.city());
        node.put("state", a.region());
        node.put("zip", a.postalCode());
        node.put("country", a.country());
        if (a.phone() != null && !a.phone().isBlank()) {
            node.put("phone", a.phone());
        }
        return node;
    }

    private static ObjectNode wrap(String name, JsonNode value) {
        ObjectNode body = Json.object();
        body.set(name, value);
        return body;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private JsonNode send(String method, String path, JsonNode body, String defaultField) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", authorization);
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
        }
        HttpResponse<byte[]> response = exchange(request.build());
        int status = response.statusCode();
        JsonNode answer = Json.treeOrEmpty(response.body());
        if (status >= 200 && status < 300) {
            return answer;
        }
        JsonNode error = answer.path("error");
        String code = error.path("code").asText("HTTP_" + status);
        if (status >= 500 || status == 408 || status == 429) {
            throw new TransientCarrierError("EasyPost answered HTTP " + status + " " + code);
        }
        if (status == 401 || status == 403) {
            throw new CarrierUnavailable("EasyPost refused the API key (HTTP " + status + " " + code + ")");
        }
        if (status == 404 && "GET".equals(method)) {
            throw new NotFound();
        }
        JsonNode first = error.path("errors").path(0);
        String field = first.isObject() && first.hasNonNull("field") ? ourField(first.path("field").asText())
                : defaultField;
        String message = error.path("message").asText("refused the request (HTTP " + status + ")");
        if (first.hasNonNull("message")) {
            message = message + ": " + first.path("message").asText();
        }
        throw new ValidationFailed(field, "EasyPost " + code + ": " + message);
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new TransientCarrierError("no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new TransientCarrierError("connection failed (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CarrierUnavailable("the EasyPost call was interrupted", e);
        }
    }

    /** Our field for one of EasyPost's ({@code to_address.zip} -> {@code shipTo.postalCode}). */
    static String ourField(String easyPostField) {
        String[] parts = easyPostField.split("\\.");
        List<String> out = new ArrayList<>();
        for (String part : parts) {
            out.add(switch (part) {
                case "to_address" -> "shipTo";
                case "from_address" -> "shipFrom";
                case "parcel" -> "parcels";
                case "street1" -> "line1";
                case "street2" -> "line2";
                case "zip" -> "postalCode";
                case "state" -> "region";
                case "tracking_code", "tracking_codes" -> "trackingNumber";
                default -> part;
            });
        }
        return String.join(".", out);
    }


    @Override
    public String toString() {
        return "EasyPostClient[" + base + ", key redacted]";
    }

    /** A GET that EasyPost answered 404; never leaves this class. */
    private static final class NotFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotFound() {
            super(null, null, false, false);
        }
    }
}
