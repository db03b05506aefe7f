package com.creatorflow.shared.shipping.carrier;

import com.creatorflow.shared.error.CarrierUnavailable;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Money;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A carrier reached over HTTPS with JSON: {@code POST rates}, {@code POST labels} (with an {@code Idempotency-Key}),
 * {@code POST labels/{tracking}/void}, {@code GET tracking/{tracking}}, and signed tracking webhooks (see
 * docs/shipping.md for the shapes). Each carrier has its own retry and circuit breaker (resilience4j): timeouts,
 * connection failures, 408/429 and 5xx are retried, then reported as {@link CarrierUnavailable}; a carrier whose calls
 * keep failing after their retries has its circuit opened so that rate shopping fails over at once. 4xx answers are the carrier refusing the
 * request and become {@link ValidationFailed} naming the field the carrier names.
 *
 * <p>What is carrier-specific is data from {@link Carrier}: its tracking-number format (checked on every number it
 * returns or we send), its service levels (unknown services are refused before any call and dropped from quotes), and
 * its own status codes (mapped to {@link TrackingStatus} when tracking and parsing webhooks).
 */
public final class HttpCarrierAdapter implements CarrierAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpCarrierAdapter.class);

    private final Carrier carrier;
    private final CarrierSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final String base;
    private final Retry retry;
    private final CircuitBreaker breaker;

    /**
     * @param carrier the carrier
     * @param settings its endpoint, credentials and resilience settings
     * @param http the shared HTTP client
     * @param clock the clock webhook timestamps are checked against
     */
    public HttpCarrierAdapter(Carrier carrier, CarrierSettings settings, HttpClient http, Clock clock) {
        this.carrier = carrier;
        this.settings = settings;
        this.http = http;
        this.clock = clock;
        this.base = settings.baseUrl().toString().replaceAll("/+$", "");
        this.retry = Retry.of(carrier.code(), RetryConfig.custom()
                .maxAttempts(Math.max(1, settings.attempts()))
                .waitDuration(settings.retryWait())
                .retryOnException(e -> e instanceof TransientCarrierError)
                .build());
        this.breaker = CircuitBreaker.of(carrier.code(), CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(settings.circuitOpen())
                .recordException(e -> e instanceof TransientCarrierError || e instanceof CarrierUnavailable)
                .build());
    }

    @Override
    public Carrier carrier() {
        return carrier;
    }

    /** The circuit breaker's state (CLOSED, OPEN, HALF_OPEN), for health and tests. */
    public String circuitState() {
        return breaker.getState().name();
    }

    @Override
    public List<RateQuote> rates(ShipmentRequest request) {
        if (carrier.servicesFor(request.shipFrom().country(), request.shipTo().country()).isEmpty()) {
            return List.of();
        }
        JsonNode answer = call("POST", "/rates", payload(request, null), null, "shipTo");
        List<RateQuote> quotes = new ArrayList<>();
        for (JsonNode rate : answer.path("rates")) {
            String service = rate.path("service").asText();
            if (carrier.services().stream().noneMatch(s -> s.code().equals(service))) {
                LOG.warn("{} quoted unknown service {}; ignored", carrier.code(), service);
                continue;
            }
            quotes.add(new RateQuote(carrier, service,
                    Money.parse(rate.path("amount").asText(), rate.path("currency").asText(request.currency())),
                    rate.path("transitDays").asInt(), LocalDate.parse(rate.path("estimatedDelivery").asText())));
        }
        return quotes;
    }

    @Override
    public PurchasedLabel buyLabel(ShipmentRequest request, String serviceCode, String idempotencyKey) {
        carrier.service(serviceCode);
        JsonNode answer = call("POST", "/labels", payload(request, serviceCode), idempotencyKey, "shipTo");
        List<String> numbers = new ArrayList<>();
        for (JsonNode number : answer.path("trackingNumbers")) {
            String normalized = TrackingNumberFormat.normalize(number.asText());
            if (!carrier.isValidTrackingNumber(normalized)) {
                throw new CarrierUnavailable(carrier.displayName() + " returned a malformed tracking number "
                        + normalized);
            }
            numbers.add(normalized);
        }
        if (numbers.size() != request.parcels().size()) {
            throw new CarrierUnavailable(carrier.displayName() + " returned " + numbers.size()
                    + " tracking numbers for " + request.parcels().size() + " parcels");
        }
        return new PurchasedLabel(carrier, serviceCode, answer.path("shipmentId").asText(), numbers,
                Money.parse(answer.path("amount").asText(), answer.path("currency").asText(request.currency())));
    }

    @Override
    public void voidLabel(String trackingNumber) {
        call("POST", "/labels/" + checked(trackingNumber) + "/void", Map.of(), null, "trackingNumber");
    }

    @Override
    public List<TrackingEvent> track(String trackingNumber) {
        String number = checked(trackingNumber);
        JsonNode answer = call("GET", "/tracking/" + number, null, null, "trackingNumber");
        return events(answer, number);
    }

    @Override
    public List<TrackingEvent> parseWebhook(String signatureHeader, byte[] body) {
        WebhookSignature.verify(settings.webhookSecret(), signatureHeader, body, clock.instant());
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ValidationFailed("body", "the webhook body is not valid JSON");
        }
        String number = root.path("trackingNumber").asText(null);
        if (number == null || !carrier.isValidTrackingNumber(number)) {
            throw new ValidationFailed("trackingNumber", "not a " + carrier.displayName() + " tracking number: "
                    + carrier.trackingFormat().description());
        }
        return events(root, TrackingNumberFormat.normalize(number));
    }

    private List<TrackingEvent> events(JsonNode root, String number) {
        List<TrackingEvent> events = new ArrayList<>();
        for (JsonNode event : root.path("events")) {
            String code = event.path("code").asText();
            carrier.statusOf(code).ifPresentOrElse(status -> events.add(new TrackingEvent(carrier, number,
                    event.path("eventId").asText(), status, code, Instant.parse(event.path("occurredAt").asText()),
                    event.path("description").asText(null), event.path("location").asText(null))),
                    () -> LOG.warn("{} sent unknown status code {}; ignored", carrier.code(), code));
        }
        return events;
    }

    private String checked(String trackingNumber) {
        String number = TrackingNumberFormat.normalize(trackingNumber);
        if (!carrier.isValidTrackingNumber(number)) {
            throw new ValidationFailed("trackingNumber", "not a " + carrier.displayName() + " tracking number: "
                    + carrier.trackingFormat().description());
        }
        return URLEncoder.encode(number, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> payload(ShipmentRequest request, String service) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reference", request.reference());
        if (service != null) {
            body.put("service", service);
        }
        body.put("currency", request.currency());
        body.put("shipFrom", request.shipFrom());
        body.put("shipTo", request.shipTo());
        List<Map<String, Object>> parcels = new ArrayList<>();
        for (Parcel parcel : request.parcels()) {
            parcels.add(Map.of("weightGrams", parcel.weightGrams(), "lengthMm", parcel.lengthMm(),
                    "widthMm", parcel.widthMm(), "heightMm", parcel.heightMm()));
        }
        body.put("parcels", parcels);
        return body;
    }

    private JsonNode call(String method, String path, Object body, String idempotencyKey, String defaultField) {
        Supplier<JsonNode> attempt = () -> send(method, path, body, idempotencyKey, defaultField);
        Supplier<JsonNode> guarded = CircuitBreaker.decorateSupplier(breaker, Retry.decorateSupplier(retry, attempt));
        try {
            return guarded.get();
        } catch (CallNotPermittedException e) {
            throw new CarrierUnavailable(carrier.displayName() + " keeps failing; its circuit is open", e);
        } catch (TransientCarrierError e) {
            throw new CarrierUnavailable(carrier.displayName() + " is unavailable: " + e.getMessage(), e);
        }
    }

    private JsonNode send(String method, String path, Object body, String idempotencyKey, String defaultField) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(settings.timeout())
                .header("Accept", "application/json");
        if (settings.apiKey() != null) {
            request.header("Authorization", "Bearer " + settings.apiKey());
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new TransientCarrierError("no answer within " + settings.timeout().toMillis() + " ms");
        } catch (IOException e) {
            throw new TransientCarrierError("connection failed (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CarrierUnavailable(carrier.displayName() + " call was interrupted", e);
        }
        int status = response.statusCode();
        JsonNode answer = parse(response.body());
        if (status >= 200 && status < 300) {
            return answer;
        }
        if (status >= 500 || status == 408 || status == 429) {
            throw new TransientCarrierError("answered HTTP " + status);
        }
        if (status == 401 || status == 403) {
            throw new CarrierUnavailable(carrier.displayName() + " refused our credentials (HTTP " + status + ")");
        }
        String message = answer.path("message").asText("refused the request (HTTP " + status + ")");
        throw new ValidationFailed(answer.path("field").asText(defaultField), carrier.displayName() + ": " + message);
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return Json.object();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return Json.object();
        }
    }

    /** A failure a retry may fix; never leaves this class. */
    private static final class TransientCarrierError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TransientCarrierError(String message) {
            super(message, null, false, false);
        }
    }
}
