package com.creatorflow.shared.shipping.carrier;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.CarrierUnavailable;
import com.creatorflow.shared.shipping.carrier.direct.DirectCarrierAdapters;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configured carrier adapters. A carrier is configured when it has an endpoint: {@code CARRIER_<CODE>_URL}, or
 * {@code CARRIER_GATEWAY_URL} + {@code /carriers/<code>} (one gateway serving every carrier, as the local simulator
 * and aggregators do). Timeouts and retries: {@code CARRIER_TIMEOUT_MS} (5000), {@code CARRIER_RETRY_ATTEMPTS} (2),
 * {@code CARRIER_RETRY_WAIT_MS} (200), {@code CARRIER_CIRCUIT_OPEN_SECONDS} (30). {@code CARRIER_<CODE>_PROTOCOL} switches
 * UPS, USPS or FedEx to the carrier's own API ({@link DirectCarrierAdapters}).
 */
public final class CarrierAdapters {
    private final Map<Carrier, CarrierAdapter> adapters;

    private CarrierAdapters(Map<Carrier, CarrierAdapter> adapters) {
        this.adapters = adapters.isEmpty() ? Map.of() : new EnumMap<>(adapters);
    }

    /** Explicit adapters (tests). */
    public static CarrierAdapters of(Collection<? extends CarrierAdapter> adapters) {
        Map<Carrier, CarrierAdapter> map = new EnumMap<>(Carrier.class);
        adapters.forEach(a -> map.put(a.carrier(), a));
        return new CarrierAdapters(map);
    }

    /** The adapters a function's environment configures, sharing one HTTP client. */
    public static CarrierAdapters fromEnv(Env env) {
        CarrierCredentials credentials = CarrierCredentials.fromEnv(env);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        Duration timeout = Duration.ofMillis(env.getInt("CARRIER_TIMEOUT_MS", 5000));
        int attempts = env.getInt("CARRIER_RETRY_ATTEMPTS", 2);
        Duration wait = Duration.ofMillis(env.getInt("CARRIER_RETRY_WAIT_MS", 200));
        Duration open = Duration.ofSeconds(env.getInt("CARRIER_CIRCUIT_OPEN_SECONDS", 30));
        Map<Carrier, CarrierAdapter> map = new EnumMap<>(Carrier.class);
        for (Carrier carrier : Carrier.values()) {
            url(env, carrier).ifPresent(u -> {
                CarrierCredentials.Credential credential = credentials.of(carrier);
                CarrierSettings settings = new CarrierSettings(URI.create(u), credential.apiKey(),
                        credential.webhookSecret(), timeout, attempts, wait, open);
                map.put(carrier, DirectCarrierAdapters.protocol(env, carrier).isPresent()
                        ? DirectCarrierAdapters.fromEnv(env, carrier, settings, credentials.document(carrier), http)
                        : new HttpCarrierAdapter(carrier, settings, http, Clock.systemUTC()));
            });
        }
        return new CarrierAdapters(map);
    }

    /** The carriers an environment gives an endpoint (without reading their credentials). */
    public static Set<Carrier> configured(Env env) {
        Set<Carrier> carriers = EnumSet.noneOf(Carrier.class);
        for (Carrier carrier : Carrier.values()) {
            url(env, carrier).ifPresent(u -> carriers.add(carrier));
        }
        return carriers;
    }

    private static Optional<String> url(Env env, Carrier carrier) {
        Optional<String> gateway = env.optional("CARRIER_GATEWAY_URL").map(u -> u.replaceAll("/+$", ""));
        return env.optional(carrier.envPrefix() + "_URL")
                .or(() -> gateway.map(g -> g + "/carriers/" + carrier.code()));
    }

    /** The adapter of a carrier, if configured. */
    public Optional<CarrierAdapter> find(Carrier carrier) {
        return Optional.ofNullable(adapters.get(carrier));
    }

    /** The adapter of a carrier, or {@link CarrierUnavailable} when it is not configured. */
    public CarrierAdapter get(Carrier carrier) {
        return find(carrier).orElseThrow(() -> new CarrierUnavailable(carrier.displayName()
                + " is not configured (set " + carrier.envPrefix() + "_URL or CARRIER_GATEWAY_URL)"));
    }

    /** Every configured adapter. */
    public Collection<CarrierAdapter> all() {
        return adapters.values();
    }
}
