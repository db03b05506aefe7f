package com.creatorflow.shared.shipping.carrier;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.CarrierUnavailable;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.shipping.carrier.direct.DirectCarrierAdapters;
import com.creatorflow.shared.shipping.carrier.easypost.EasyPostCarrierAdapter;
import com.creatorflow.shared.shipping.carrier.easypost.EasyPostClient;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierAdapter;
import com.creatorflow.shared.shipping.domain.CarrierSettings;
import com.creatorflow.shared.shipping.domain.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The configured carrier adapters, by carrier, and the webhook receivers, by the source name of
 * {@code POST /webhooks/carriers/{source}}.
 *
 * <p>From the environment: EasyPost (the aggregator, the default path) when {@code EASYPOST_API_URL} is set (EasyPost's
 * {@code https://api.easypost.com/v2}, or the local simulator) and the credentials hold an {@code easypost} API key; it
 * serves the carriers listed in {@code EASYPOST_CARRIERS} (codes, comma-separated; all when unset), each as its own
 * {@link EasyPostCarrierAdapter} with its own circuit breaker, and receives webhooks as {@code easypost}.
 * {@code EASYPOST_INSURE=true} buys labels insured for the goods' value. Timeouts and retries:
 * {@code CARRIER_TIMEOUT_MS} (5000), {@code CARRIER_RETRY_ATTEMPTS} (2), {@code CARRIER_RETRY_WAIT_MS} (200),
 * {@code CARRIER_CIRCUIT_OPEN_SECONDS} (30).
 *
 * <p>UPS, USPS or FedEx speak the carrier's own API instead when {@code CARRIER_<CODE>_PROTOCOL} and
 * {@code CARRIER_<CODE>_URL} are set ({@link DirectCarrierAdapters}); such a carrier then receives its webhooks under
 * its code.
 */
public final class CarrierAdapters implements TenantCarriers {
    /** The webhook source name of EasyPost ({@code POST /webhooks/carriers/easypost}). */
    public static final String EASYPOST = "easypost";

    private final Map<Carrier, CarrierAdapter> adapters;
    private final Map<String, WebhookReceiver> receivers;

    private CarrierAdapters(Map<Carrier, CarrierAdapter> adapters, Map<String, WebhookReceiver> receivers) {
        this.adapters = adapters.isEmpty() ? Map.of() : new EnumMap<>(adapters);
        this.receivers = Map.copyOf(receivers);
    }

    /** Explicit adapters (tests); each receives webhooks under its carrier's code. */
    public static CarrierAdapters of(Collection<? extends CarrierAdapter> adapters) {
        Map<Carrier, CarrierAdapter> map = new EnumMap<>(Carrier.class);
        Map<String, WebhookReceiver> receivers = new HashMap<>();
        adapters.forEach(a -> {
            map.put(a.carrier(), a);
            receivers.put(a.carrier().code(), a);
        });
        return new CarrierAdapters(map, receivers);
    }

    /** Every carrier of one EasyPost account (the client also receives webhooks as {@code easypost}). */
    public static CarrierAdapters easyPost(EasyPostClient client, Set<Carrier> carriers, CarrierSettings settings,
                                           boolean insure, Clock clock) {
        Map<Carrier, CarrierAdapter> map = new EnumMap<>(Carrier.class);
        Map<String, WebhookReceiver> receivers = new HashMap<>();
        for (Carrier carrier : carriers) {
            CarrierAdapter adapter = new EasyPostCarrierAdapter(carrier, client, settings.attempts(),
                    settings.retryWait(), settings.circuitOpen(), insure, clock);
            map.put(carrier, adapter);
            receivers.put(carrier.code(), adapter);
        }
        receivers.put(EASYPOST, client);
        return new CarrierAdapters(map, receivers);
    }

    /** The adapters a function's environment configures (see the class comment), sharing one HTTP client. */
    public static CarrierAdapters fromEnv(Env env) {
        CarrierCredentials credentials = CarrierCredentials.fromEnv(env);
        Map<Carrier, CarrierAdapter> map = new EnumMap<>(Carrier.class);
        Map<String, WebhookReceiver> receivers = new HashMap<>();
        CarrierCredentials.Credential easyPostKey = credentials.of(EASYPOST);
        Optional<String> easyPostUrl = easyPostUrl(env);
        if (easyPostUrl.isPresent() && easyPostKey.apiKey() != null) {
            CarrierSettings settings = settings(env, URI.create(easyPostUrl.get()), easyPostKey);
            EasyPostClient client = new EasyPostClient(settings.baseUrl(), settings.apiKey(),
                    settings.webhookSecret(), settings.timeout(), sharedHttp(), Clock.systemUTC());
            CarrierAdapters easyPost = easyPost(client, easyPostCarriers(env), settings,
                    env.getBoolean("EASYPOST_INSURE", false), Clock.systemUTC());
            map.putAll(easyPost.adapters);
            receivers.putAll(easyPost.receivers);
        }
        for (Carrier carrier : directCarriers(env)) {
            URI url = URI.create(env.optional(carrier.envPrefix() + "_URL").orElseThrow());
            CarrierAdapter adapter = DirectCarrierAdapters.fromEnv(env, carrier,
                    settings(env, url, credentials.of(carrier)), credentials.document(carrier), sharedHttp());
            map.put(carrier, adapter);
            receivers.put(carrier.code(), adapter);
        }
        return new CarrierAdapters(map, receivers);
    }

    /** The endpoint, credentials and resilience settings of one adapter from the function's environment. */
    public static CarrierSettings settings(Env env, URI baseUrl, CarrierCredentials.Credential credential) {
        return new CarrierSettings(baseUrl, credential.apiKey(), credential.webhookSecret(),
                Duration.ofMillis(env.getInt("CARRIER_TIMEOUT_MS", 5000)), env.getInt("CARRIER_RETRY_ATTEMPTS", 2),
                Duration.ofMillis(env.getInt("CARRIER_RETRY_WAIT_MS", 200)),
                Duration.ofSeconds(env.getInt("CARRIER_CIRCUIT_OPEN_SECONDS", 30)));
    }

    /** One HTTP client per process for every carrier call (HTTP/1.1, 2-second connect timeout). */
    public static HttpClient sharedHttp() {
        return SharedHttp.CLIENT;
    }

    /** The carriers an environment routes somewhere (without reading credentials). */
    public static Set<Carrier> configured(Env env) {
        Set<Carrier> carriers = easyPostUrl(env).isPresent() ? easyPostCarriers(env) : EnumSet.noneOf(Carrier.class);
        carriers.addAll(directCarriers(env));
        return carriers;
    }

    private static Set<Carrier> directCarriers(Env env) {
        Set<Carrier> carriers = EnumSet.noneOf(Carrier.class);
        for (Carrier carrier : Carrier.values()) {
            if (DirectCarrierAdapters.protocol(env, carrier).isPresent()
                    && env.optional(carrier.envPrefix() + "_URL").filter(u -> !u.isBlank()).isPresent()) {
                carriers.add(carrier);
            }
        }
        return carriers;
    }

    private static Optional<String> easyPostUrl(Env env) {
        return env.optional("EASYPOST_API_URL").filter(u -> !u.isBlank());
    }

    private static Set<Carrier> easyPostCarriers(Env env) {
        Set<Carrier> carriers = EnumSet.noneOf(Carrier.class);
        Optional<String> listed = env.optional("EASYPOST_CARRIERS").filter(s -> !s.isBlank());
        if (listed.isEmpty()) {
            carriers.addAll(Arrays.asList(Carrier.values()));
        } else {
            Arrays.stream(listed.get().split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .forEach(code -> carriers.add(Carrier.ofCode(code)));
        }
        return carriers;
    }

    /**
     * These adapters with the given ones in place of their carriers' (a creator's own direct account overriding
     * EasyPost for its carrier); each also receives webhooks under its carrier's code.
     */
    public CarrierAdapters with(Collection<? extends CarrierAdapter> overrides) {
        if (overrides.isEmpty()) {
            return this;
        }
        Map<Carrier, CarrierAdapter> map = new EnumMap<>(Carrier.class);
        map.putAll(adapters);
        Map<String, WebhookReceiver> merged = new HashMap<>(receivers);
        overrides.forEach(a -> {
            map.put(a.carrier(), a);
            merged.put(a.carrier().code(), a);
        });
        return new CarrierAdapters(map, merged);
    }

    /** The same adapters for every tenant (a deployment without per-tenant accounts, and tests). */
    @Override
    public CarrierAdapters forTenant(String tenantId) {
        return this;
    }

    /** The adapter of a carrier, if configured. */
    public Optional<CarrierAdapter> find(Carrier carrier) {
        return Optional.ofNullable(adapters.get(carrier));
    }

    /** The adapter of a carrier, or {@link CarrierUnavailable} when it is not configured. */
    public CarrierAdapter get(Carrier carrier) {
        return find(carrier).orElseThrow(() -> new CarrierUnavailable(carrier.displayName()
                + " is not configured (no carrier account or EasyPost key reaches it)"));
    }

    /** Every configured adapter. */
    public Collection<CarrierAdapter> all() {
        return adapters.values();
    }

    /** The receiver of {@code POST /webhooks/carriers/{source}}: {@code easypost} or a carrier's code. */
    public WebhookReceiver receiver(String source) {
        WebhookReceiver receiver = receivers.get(source);
        if (receiver == null) {
            throw new ValidationFailed("carrier", "no webhooks are received from " + source);
        }
        return receiver;
    }

    private static final class SharedHttp {
        static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
    }
}
