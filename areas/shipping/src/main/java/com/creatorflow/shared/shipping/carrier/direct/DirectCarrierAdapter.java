package com.creatorflow.shared.shipping.carrier.direct;

import com.creatorflow.shared.error.CarrierUnavailable;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierAdapter;
import com.creatorflow.shared.shipping.domain.CarrierSettings;
import com.creatorflow.shared.shipping.domain.DirectAccount;
import com.creatorflow.shared.shipping.domain.PurchasedLabel;
import com.creatorflow.shared.shipping.domain.ShipmentRequest;
import com.creatorflow.shared.shipping.domain.TrackingEvent;
import com.creatorflow.shared.shipping.domain.TrackingNumberFormat;
import com.creatorflow.shared.shipping.domain.WebhookRejected;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the adapters speaking a carrier's own API share: the account, the HTTP plumbing ({@link CarrierHttp}),
 * tracking-number checks, unit conversion and the memory of purchases. A purchase is remembered by its idempotency
 * key (the last {@value #REMEMBERED} per adapter), so a retried label step on the same instance returns the first
 * label; the carriers' ship APIs take no idempotency key, so a purchase is also never retried after the carrier may
 * have received it (see {@link CarrierHttp}).
 */
abstract class DirectCarrierAdapter implements CarrierAdapter {
    /** How many purchases an adapter remembers by idempotency key. */
    static final int REMEMBERED = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(DirectCarrierAdapter.class);

    protected final Carrier carrier;
    protected final CarrierSettings settings;
    protected final DirectAccount account;
    protected final Clock clock;
    protected final CarrierHttp http;
    private final Map<String, PurchasedLabel> purchases = remembered();

    DirectCarrierAdapter(Carrier carrier, CarrierSettings settings, DirectAccount account, HttpClient client,
                         Clock clock, Function<JsonNode, CarrierHttp.Refusal> errors) {
        this.carrier = carrier;
        this.settings = settings;
        this.account = account;
        this.clock = clock;
        this.http = new CarrierHttp(carrier, settings, client, clock, errors);
        require(account.clientId(), "clientId");
        require(account.clientSecret(), "clientSecret");
    }

    /** A map that keeps its {@value #REMEMBERED} most recently used entries; callers synchronize on it. */
    protected static <V> Map<String, V> remembered() {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }

    /** Fails construction when a credential is missing, naming it (never its value). */
    protected final void require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(carrier.displayName() + " needs " + name + " in its credentials");
        }
    }

    @Override
    public final Carrier carrier() {
        return carrier;
    }

    /** The circuit breaker's state (CLOSED, OPEN, HALF_OPEN), for health and tests. */
    public String circuitState() {
        return http.circuitState();
    }

    @Override
    public final PurchasedLabel buyLabel(ShipmentRequest request, String serviceCode, String idempotencyKey) {
        carrier.service(serviceCode);
        if (idempotencyKey != null) {
            synchronized (purchases) {
                PurchasedLabel earlier = purchases.get(idempotencyKey);
                if (earlier != null) {
                    return earlier;
                }
            }
        }
        PurchasedLabel label = purchase(request, serviceCode, idempotencyKey);
        if (label.trackingNumbers().size() != request.parcels().size()) {
            throw new CarrierUnavailable(carrier.displayName() + " returned " + label.trackingNumbers().size()
                    + " tracking numbers for " + request.parcels().size() + " parcels");
        }
        label.trackingNumbers().stream().filter(n -> !carrier.isValidTrackingNumber(n)).forEach(n ->
                LOG.warn("{} returned tracking number {} outside the format we know", carrier.code(), n));
        if (idempotencyKey != null) {
            synchronized (purchases) {
                purchases.put(idempotencyKey, label);
            }
        }
        return label;
    }

    /** Asks the carrier's OAuth endpoint for a new token with the account's client id and secret. */
    abstract AccessToken.Issued fetchToken();

    /** Buys the labels (one call to the carrier's ship API). */
    protected abstract PurchasedLabel purchase(ShipmentRequest request, String serviceCode, String idempotencyKey);

    /** USPS and FedEx post no webhooks to us (their deliveries are refused whatever this header holds). */
    @Override
    public String webhookSignatureHeader() {
        return "Authorization";
    }

    @Override
    public List<TrackingEvent> parseWebhook(String signatureHeader, byte[] body) {
        throw new WebhookRejected(carrier.displayName() + " webhooks are not received by this adapter; "
                + "tracking is read with its tracking API");
    }

    /** A tracking number in our format, URL-encoded, or {@link ValidationFailed} naming the field. */
    protected final String checked(String trackingNumber) {
        String number = TrackingNumberFormat.normalize(trackingNumber);
        if (!carrier.isValidTrackingNumber(number)) {
            throw new ValidationFailed("trackingNumber", "not a " + carrier.displayName() + " tracking number: "
                    + carrier.trackingFormat().description());
        }
        return URLEncoder.encode(number, StandardCharsets.UTF_8);
    }

    /**
     * Events oldest first. Carriers list them newest first with times to the second, so the list is turned around
     * before a stable sort keeps events of the same second in the carrier's order.
     */
    protected static List<TrackingEvent> oldestFirst(List<TrackingEvent> newestFirst) {
        List<TrackingEvent> events = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(events);
        events.sort(java.util.Comparator.comparing(TrackingEvent::occurredAt));
        return events;
    }

    /** The value of a JSON node that may be one object or an array of them (as UPS answers), as a list. */
    protected static List<JsonNode> list(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node == null || node.isMissingNode() || node.isNull()) {
            return items;
        }
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        return items;
    }

    /** Pounds, rounded up to a tenth. */
    protected static BigDecimal pounds(int grams) {
        return BigDecimal.valueOf(grams).divide(new BigDecimal("453.59237"), 1, RoundingMode.CEILING);
    }

    /** Kilograms, rounded up to a tenth. */
    protected static BigDecimal kilograms(int grams) {
        return BigDecimal.valueOf(grams).divide(BigDecimal.valueOf(1000), 1, RoundingMode.CEILING);
    }

    /** Inches, rounded up to a tenth. */
    protected static BigDecimal inches(int mm) {
        return BigDecimal.valueOf(mm).divide(new BigDecimal("25.4"), 1, RoundingMode.CEILING);
    }

    /** Centimetres, rounded up to a tenth. */
    protected static BigDecimal centimetres(int mm) {
        return BigDecimal.valueOf(mm).divide(BigDecimal.TEN, 1, RoundingMode.CEILING);
    }

    /** Text, or a placeholder when blank (carriers refuse empty names). */
    protected static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A JSON object of alternating keys and values, leaving out null values. */
    protected static Map<String, Object> fields(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                map.put((String) keyValues[i], keyValues[i + 1]);
            }
        }
        return map;
    }

    /** Reads a webhook body as a JSON object, or {@link ValidationFailed} naming the body. */
    protected static JsonNode tree(byte[] body) {
        JsonNode root = Json.treeOrEmpty(body);
        if (root.isEmpty()) {
            throw new ValidationFailed("body", "the body is not a JSON object");
        }
        return root;
    }
}
