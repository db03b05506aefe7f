package com.creatorflow.shared.shipping.carrier.direct;

import com.creatorflow.shared.error.CarrierUnavailable;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierSettings;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP plumbing every direct carrier adapter shares: its OAuth bearer token (refreshed once when the carrier
 * answers 401), one retry and one circuit breaker per carrier (resilience4j), and the typed failures. Timeouts,
 * connection failures, 408, 429 and 5xx are retried (waiting what {@code Retry-After} asks, up to
 * {@link #LONGEST_RETRY_AFTER}), then become {@link CarrierUnavailable}; refused credentials are
 * {@link CarrierUnavailable}; any other 4xx is {@link ValidationFailed} naming the field the carrier's error names.
 * A purchase is only retried when the carrier cannot have received it (connection refused, 429, 503), never after a
 * timeout, so a slow answer never buys a second label.
 */
final class CarrierHttp {
    /** The longest {@code Retry-After} waited for; a longer one fails the call at once. */
    static final Duration LONGEST_RETRY_AFTER = Duration.ofSeconds(5);

    private final Carrier carrier;
    private final CarrierSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private final String base;
    private final Function<JsonNode, Refusal> errors;
    private final Retry retry;
    private final CircuitBreaker breaker;

    /** What kind of call: it decides what may be retried and how a 4xx is read. */
    enum Kind {
        /** Obtaining a token: any 4xx means the credentials are wrong. */
        TOKEN,
        /** A call safe to repeat (rates, tracking, void). */
        READ,
        /** A label purchase: repeated only when the carrier cannot have received it. */
        PURCHASE
    }

    /**
     * What a carrier's error body says.
     *
     * @param code the carrier's error code
     * @param message its words
     * @param field our field it concerns, or null when it names none
     */
    record Refusal(String code, String message, String field) {
    }

    /**
     * An answer.
     *
     * @param status the HTTP status
     * @param headers its headers
     * @param body its body
     */
    record Answer(int status, HttpHeaders headers, byte[] body) {
        JsonNode json() {
            return Json.treeOrEmpty(body);
        }
    }

    /**
     * One request.
     *
     * @param kind what kind of call
     * @param method the HTTP method
     * @param path the path under the carrier's base URL, with its query
     * @param headers extra headers
     * @param contentType the body's type, or null without a body
     * @param body the body, or null
     * @param token the bearer token, or null for the token call itself
     * @param field the field a refusal concerns when the carrier names none
     */
    record Request(Kind kind, String method, String path, Map<String, String> headers, String contentType,
                   byte[] body, AccessToken token, String field) {
        static Request json(Kind kind, String method, String path, Object body, AccessToken token, String field) {
            return new Request(kind, method, path, Map.of(), body == null ? null : "application/json",
                    body == null ? null : Json.bytes(body), token, field);
        }

        Request with(String header, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(header, value);
            return new Request(kind, method, path, all, contentType, body, token, field);
        }
    }

    CarrierHttp(Carrier carrier, CarrierSettings settings, HttpClient http, Clock clock,
                Function<JsonNode, Refusal> errors) {
        this.carrier = carrier;
        this.settings = settings;
        this.http = http;
        this.clock = clock;
        this.base = settings.baseUrl().toString().replaceAll("/+$", "");
        this.errors = errors;
        IntervalBiFunction<Object> wait = (attempt, outcome) -> outcome.isLeft()
                && outcome.getLeft() instanceof Transient t && t.retryAfter != null
                ? t.retryAfter.toMillis() : settings.retryWait().toMillis();
        this.retry = Retry.of(carrier.code() + "-direct", RetryConfig.custom()
                .maxAttempts(Math.max(1, settings.attempts()))
                .intervalBiFunction(wait)
                .retryOnException(e -> e instanceof Transient)
                .build());
        this.breaker = CircuitBreaker.of(carrier.code() + "-direct", CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(settings.circuitOpen())
                .recordException(e -> e instanceof Transient || e instanceof CarrierUnavailable)
                .build());
    }

    /** The circuit breaker's state (CLOSED, OPEN, HALF_OPEN). */
    String circuitState() {
        return breaker.getState().name();
    }

    /** Sends a request through retry and circuit breaker; a 2xx answer or a typed failure. */
    Answer call(Request request) {
        Supplier<Answer> guarded = CircuitBreaker.decorateSupplier(breaker,
                Retry.decorateSupplier(retry, () -> once(request)));
        try {
            return guarded.get();
        } catch (CallNotPermittedException e) {
            throw new CarrierUnavailable(carrier.displayName() + " keeps failing; its circuit is open", e);
        } catch (Transient e) {
            throw new CarrierUnavailable(carrier.displayName() + " is unavailable: " + e.getMessage(), e);
        }
    }

    /** Sends a request once, without retry or breaker: for token calls made inside a guarded call. */
    Answer once(Request request) {
        for (int refreshes = 0; ; refreshes++) {
            String token = request.token() == null ? null : request.token().get();
            HttpResponse<byte[]> response = send(request, token);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Answer(status, response.headers(), response.body());
            }
            if (status == 401 && token != null && refreshes == 0) {
                request.token().refused(token);
                continue;
            }
            Refusal refusal = errors.apply(Json.treeOrEmpty(response.body()));
            String said = refusal.message() == null ? "HTTP " + status
                    : refusal.message() + (refusal.code() == null ? "" : " (" + refusal.code() + ")");
            if (status == 401 || status == 403 || request.kind() == Kind.TOKEN && status < 500 && status != 429) {
                throw new CarrierUnavailable(carrier.displayName() + " refused our credentials (HTTP " + status
                        + "): " + said);
            }
            if (status >= 500 || status == 408 || status == 429) {
                Duration after = retryAfter(response.headers()).orElse(null);
                if (after != null && after.compareTo(LONGEST_RETRY_AFTER) > 0) {
                    throw new CarrierUnavailable(carrier.displayName() + " asks to wait " + after.toSeconds()
                            + " s (HTTP " + status + ")");
                }
                boolean received = request.kind() == Kind.PURCHASE && status != 429 && status != 503;
                if (received) {
                    throw new CarrierUnavailable(carrier.displayName() + " failed the purchase (HTTP " + status
                            + "); not repeated: " + said);
                }
                throw new Transient("answered HTTP " + status, after);
            }
            throw new ValidationFailed(refusal.field() == null ? request.field() : refusal.field(),
                    carrier.displayName() + ": " + said);
        }
    }

    private HttpResponse<byte[]> send(Request request, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + request.path()))
                .timeout(settings.timeout())
                .header("Accept", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        request.headers().forEach(builder::header);
        if (request.body() == null) {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", request.contentType())
                    .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
        }
        try {
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            if (request.kind() == Kind.PURCHASE) {
                throw new CarrierUnavailable(carrier.displayName() + " gave no answer to the purchase within "
                        + settings.timeout().toMillis() + " ms; not repeated, so no second label is bought");
            }
            throw new Transient("no answer within " + settings.timeout().toMillis() + " ms", null);
        } catch (IOException e) {
            if (request.kind() == Kind.PURCHASE && !(e instanceof ConnectException)) {
                throw new CarrierUnavailable(carrier.displayName() + " dropped the purchase ("
                        + e.getClass().getSimpleName() + "); not repeated");
            }
            throw new Transient("connection failed (" + e.getClass().getSimpleName() + ")", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CarrierUnavailable(carrier.displayName() + " call was interrupted", e);
        }
    }

    private Optional<Duration> retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").map(String::trim).flatMap(value -> {
            if (value.matches("\\d{1,9}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            }
            try {
                Duration until = Duration.between(clock.instant(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }


    /**
     * Our field for the words of a carrier's error (its code, message or parameter name): the address, service,
     * parcel or tracking number it concerns, or null when it names none of them.
     */
    static String fieldOf(String... said) {
        String text = String.join(" ", java.util.Arrays.stream(said).filter(s -> s != null).toList())
                .toLowerCase(Locale.ROOT);
        boolean to = text.matches(".*(shipto|ship to|recipient|toaddress|destination|consignee).*");
        boolean from = text.matches(".*(shipfrom|ship from|shipper|fromaddress|origin).*");
        String side = to ? "shipTo" : from ? "shipFrom" : null;
        if (side != null) {
            if (text.matches(".*(postal|zip).*")) {
                return side + ".postalCode";
            }
            if (text.matches(".*(state|province|region).*")) {
                return side + ".region";
            }
            if (text.contains("city")) {
                return side + ".city";
            }
            if (text.matches(".*(country).*")) {
                return side + ".country";
            }
            if (text.matches(".*(street|addressline|line).*")) {
                return side + ".line1";
            }
            if (text.contains("phone")) {
                return side + ".phone";
            }
            return side;
        }
        if (text.matches(".*(tracking|inquiry|shipmentidentification).*")) {
            return "trackingNumber";
        }
        if (text.matches(".*(service|mailclass).*")) {
            return "service";
        }
        if (text.matches(".*(weight|dimension|length|width|height).*")) {
            return "parcels";
        }
        return null;
    }

    /** A failure a retry may fix; never leaves this class. */
    static final class Transient extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Duration retryAfter;

        Transient(String message, Duration retryAfter) {
            super(message, null, false, false);
            this.retryAfter = retryAfter;
        }
    }
}
