package com.creatorflow.local.simulators.carriers;

import com.creatorflow.local.simulators.LoopbackServer;
import com.creatorflow.local.simulators.RecentKeys;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UPS, USPS and FedEx on their own wire formats, one local HTTP server with each carrier under its prefix
 * ({@code /ups}, {@code /usps}, {@code /fedex}; the adapters append the carriers' real paths): OAuth client-credential
 * tokens that expire ({@link #tokenLifetime}), the carriers' rate, label (real PDF or GIF labels), void and tracking
 * calls and error bodies, and UPS Track Alert webhooks for subscribed parcels. Each carrier has its own account
 * ({@link #credentials}) and the same {@link CarrierFaults} as the gateway simulator (outage, failing or hanging
 * calls, latency, 429 with {@code Retry-After}); postal code {@value EasyPostSimulator#UNDELIVERABLE_POSTAL_CODE} is
 * refused as an undeliverable address and parcels follow a {@link Scenario}.
 */
public final class DirectCarrierSimulator implements AutoCloseable {
    /** The carriers simulated here. */
    public static final List<Carrier> CARRIERS = List.of(Carrier.UPS, Carrier.USPS, Carrier.FEDEX);

    private static final Logger LOG = LoggerFactory.getLogger(DirectCarrierSimulator.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor;
    final Clock clock;
    final HttpClient webhooks = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final TrackingNumberFactory numbers = new TrackingNumberFactory();
    private final Map<Carrier, SimulatedApi> apis = new EnumMap<>(Carrier.class);
    private final Map<Carrier, CarrierFaults> faults = new EnumMap<>(Carrier.class);
    private final Map<Carrier, Map<String, String>> accounts = new EnumMap<>(Carrier.class);
    private final Map<Carrier, Duration> tokenLifetimes = new ConcurrentHashMap<>();
    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    private final Map<Carrier, AtomicLong> tokensIssued = new ConcurrentHashMap<>();
    private final Map<String, SimulatedParcel> parcels = new ConcurrentHashMap<>();
    private final RecentKeys<String> recentParcels = new RecentKeys<>(RecentKeys.SIMULATOR_MEMORY);
    private final Map<String, AtomicLong> purchaseCalls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> labelsBought = new ConcurrentHashMap<>();
    private final Map<String, String[]> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

    private DirectCarrierSimulator(HttpServer server, ExecutorService executor, Clock clock) {
        this.server = server;
        this.executor = executor;
        this.clock = clock;
        apis.put(Carrier.UPS, new SimulatedUps(this));
        apis.put(Carrier.USPS, new SimulatedUsps(this));
        apis.put(Carrier.FEDEX, new SimulatedFedEx(this));
        for (Carrier carrier : CARRIERS) {
            faults.put(carrier, new CarrierFaults());
            tokensIssued.put(carrier, new AtomicLong());
            Map<String, String> account = new LinkedHashMap<>();
            account.put("clientId", "sim_" + carrier.code() + "_" + token(12));
            account.put("clientSecret", token(24));
            account.put("accountNumber", carrier == Carrier.UPS ? "CF8A12" : String.valueOf(100_000_000
                    + RANDOM.nextInt(800_000_000)));
            if (carrier == Carrier.UPS) {
                account.put("webhookSecret", token(24));
            }
            if (carrier == Carrier.USPS) {
                account.put("crid", String.valueOf(10_000_000 + RANDOM.nextInt(80_000_000)));
                account.put("mid", String.valueOf(900_000_000 + RANDOM.nextInt(99_999_999)));
            }
            accounts.put(carrier, Map.copyOf(account));
            tokenLifetimes.put(carrier, apis.get(carrier).defaultTokenLifetime());
        }
    }

    /** Starts on a free loopback port with the system clock. */
    public static DirectCarrierSimulator start() {
        return start(0, Clock.systemUTC());
    }

    /**
     * Starts on a port (0 = free) with a clock for tokens, events and delivery dates. Label drawing is warmed up in
     * the background (the first GIF loads the JDK's fonts, which can take seconds).
     */
    public static DirectCarrierSimulator start(int port, Clock clock) {
        LoopbackServer bound = LoopbackServer.bind("direct carrier simulator", port, 128, 8);
        HttpServer server = bound.server();
        ExecutorService executor = bound.executor();
        DirectCarrierSimulator simulator = new DirectCarrierSimulator(server, executor, clock);
        for (Carrier carrier : CARRIERS) {
            server.createContext("/" + carrier.code() + "/", exchange -> simulator.serve(carrier, exchange));
        }
        server.start();
        executor.execute(() -> {
            DirectCarrierLabels.gif("UPS", "warm-up", "1Z0000000000000000", "-");
            DirectCarrierLabels.pdf("USPS", "warm-up", "0", "-");
        });
        return simulator;
    }

    static String token(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** A carrier's base URL, to which the adapter appends the carrier's real paths. */
    public URI baseUrl(Carrier carrier) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + carrier.code());
    }

    /** A carrier's account: clientId, clientSecret, accountNumber and its extra identifiers. */
    public Map<String, String> account(Carrier carrier) {
        return accounts.get(carrier);
    }

    /** Every carrier's account, as entries of the {@code CARRIER_CREDENTIALS} document. */
    public Map<String, Object> credentials() {
        Map<String, Object> all = new LinkedHashMap<>();
        CARRIERS.forEach(c -> all.put(c.code(), accounts.get(c)));
        return all;
    }

    /**
     * The variables that switch a carrier's adapter to its direct protocol at this simulator (without
     * {@code CARRIER_CREDENTIALS}, which the caller merges from {@link #credentials}).
     *
     * @param carrier UPS, USPS or FedEx
     * @param webhookBase our front door, to which UPS Track Alert posts {@code /webhooks/carriers/ups}
     */
    public Map<String, String> functionVariables(Carrier carrier, URI webhookBase) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put(carrier.envPrefix() + "_PROTOCOL", apis.get(carrier).protocol());
        variables.put(carrier.envPrefix() + "_URL", baseUrl(carrier).toString());
        if (carrier == Carrier.UPS && webhookBase != null) {
            variables.put("CARRIER_UPS_WEBHOOK_URL", webhookBase.toString().replaceAll("/+$", "")
                    + "/webhooks/carriers/ups");
        }
        return variables;
    }

    /** A carrier's faults, to change. */
    public CarrierFaults faults(Carrier carrier) {
        return faults.get(carrier);
    }

    /** How long tokens of a carrier live from now on (UPS 4 h, USPS 8 h, FedEx 1 h by default). */
    public void tokenLifetime(Carrier carrier, Duration lifetime) {
        tokenLifetimes.put(carrier, lifetime);
    }

    /** Makes every token issued so far invalid, as a carrier-side revocation would. */
    public void revokeTokens() {
        tokens.clear();
    }

    /** Tokens issued to a carrier's clients since start or reset. */
    public long tokensIssued(Carrier carrier) {
        return tokensIssued.get(carrier).get();
    }

    /**
     * Requests a carrier received on one route since start or reset, faults included ({@code "POST /ship/v1/shipments"}:
     * method, a space and the path under the carrier's prefix, without the query).
     */
    public long calls(Carrier carrier, String route) {
        return Optional.ofNullable(calls.get(carrier.code() + " " + route)).map(AtomicLong::get).orElse(0L);
    }

    /** Requests a carrier received on every route since start or reset (tokens, rates, labels, tracking). */
    public long calls(Carrier carrier) {
        return calls.entrySet().stream().filter(e -> e.getKey().startsWith(carrier.code() + " "))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    /** A labelled parcel. */
    public Optional<SimulatedParcel> parcel(String trackingNumber) {
        return Optional.ofNullable(parcels.get(trackingNumber));
    }

    /** Makes a parcel's next events follow a scenario. */
    public void scenario(String trackingNumber, Scenario scenario) {
        requireParcel(trackingNumber).scenario(scenario);
    }

    /** Moves a parcel one event on, posting the carrier's webhook where it has one and the parcel is subscribed. */
    public Optional<EasyPostSimulator.Delivery> advance(String trackingNumber) {
        SimulatedParcel parcel = requireParcel(trackingNumber);
        return parcel.advance(clock.instant()).map(event -> apis.get(parcel.carrier()).deliver(parcel, event,
                subscriptions.get(trackingNumber)));
    }

    /** Moves a parcel to the end of its scenario. */
    public List<EasyPostSimulator.Delivery> advanceToEnd(String trackingNumber) {
        List<EasyPostSimulator.Delivery> deliveries = new ArrayList<>();
        Optional<EasyPostSimulator.Delivery> next = advance(trackingNumber);
        while (next.isPresent()) {
            deliveries.add(next.get());
            next = advance(trackingNumber);
        }
        return deliveries;
    }

    /** Label purchases by shipment reference (the reference the adapter sends), since start or reset. */
    public Map<String, EasyPostSimulator.LabelPurchases> labelPurchases() {
        Map<String, EasyPostSimulator.LabelPurchases> all = new LinkedHashMap<>();
        purchaseCalls.forEach((reference, calls) -> all.put(reference, new EasyPostSimulator.LabelPurchases(
                calls.get(), Optional.ofNullable(labelsBought.get(reference)).map(AtomicLong::get).orElse(0L))));
        return all;
    }

    /** True when UPS Track Alert has a subscription for the parcel. */
    public boolean subscribed(String trackingNumber) {
        return subscriptions.containsKey(trackingNumber);
    }

    /** Forgets parcels, purchases, tokens and subscriptions and clears every fault (accounts stay). */
    public void reset() {
        parcels.clear();
        recentParcels.clear();
        purchaseCalls.clear();
        labelsBought.clear();
        subscriptions.clear();
        calls.clear();
        tokens.clear();
        tokensIssued.values().forEach(c -> c.set(0));
        faults.values().forEach(CarrierFaults::clear);
        CARRIERS.forEach(c -> tokenLifetimes.put(c, apis.get(c).defaultTokenLifetime()));
    }

    SimulatedParcel requireParcel(String trackingNumber) {
        SimulatedParcel parcel = parcels.get(trackingNumber);
        if (parcel == null) {
            throw new IllegalArgumentException("the simulator has no parcel " + trackingNumber);
        }
        return parcel;
    }

    /** Issues a token to a carrier's client; returns it and its lifetime. */
    Map.Entry<String, Duration> issueToken(Carrier carrier) {
        String value = token(32);
        Duration lifetime = tokenLifetimes.get(carrier);
        tokens.put(carrier.code() + ":" + value, clock.instant().plus(lifetime));
        tokensIssued.get(carrier).incrementAndGet();
        return Map.entry(value, lifetime);
    }

    /** True when a bearer token is one this simulator issued to the carrier's client and has not expired. */
    boolean validToken(Carrier carrier, String value) {
        Instant expiry = value == null ? null : tokens.get(carrier.code() + ":" + value);
        return expiry != null && clock.instant().isBefore(expiry);
    }

    /** Records a new parcel. */
    SimulatedParcel newParcel(Carrier carrier, String trackingNumber, String shipmentId, String service,
                              String destination) {
        SimulatedParcel parcel = new SimulatedParcel(carrier, trackingNumber, shipmentId, service, destination,
                clock.instant());
        parcels.put(trackingNumber, parcel);
        recentParcels.add(trackingNumber).forEach(old -> {
            parcels.remove(old);
            subscriptions.remove(old);
        });
        return parcel;
    }

    /** Counts a purchase call for a reference; {@code bought} labels when it bought some. */
    void countPurchase(String reference, int bought) {
        purchaseCalls.computeIfAbsent(reference, r -> new AtomicLong()).incrementAndGet();
        if (bought > 0) {
            labelsBought.computeIfAbsent(reference, r -> new AtomicLong()).addAndGet(bought);
        }
    }

    void subscribe(String trackingNumber, String url, String credential) {
        subscriptions.put(trackingNumber, new String[] {url, credential});
    }

    private void serve(Carrier carrier, HttpExchange raw) {
        try (raw) {
            String path = raw.getRequestURI().getPath().substring(carrier.code().length() + 1);
            SimExchange exchange = new SimExchange(raw, path);
            calls.computeIfAbsent(carrier.code() + " " + raw.getRequestMethod() + " " + path, k -> new AtomicLong())
                    .incrementAndGet();
            SimulatedApi api = apis.get(carrier);
            CarrierFaults fault = faults.get(carrier);
            pause(fault.drawLatency());
            if (fault.isDown()) {
                api.problem(exchange, 503, "503", carrier.displayName() + " is down (simulated outage)", null);
                return;
            }
            int failure = fault.takeFailure();
            if (failure != 0) {
                exchange.send(failure, "application/json", api.problemBody(String.valueOf(failure),
                        "simulated failure", null), failure == 429
                        ? Map.of("Retry-After", String.valueOf(fault.retryAfter().toSeconds())) : Map.of());
                return;
            }
            Duration hang = fault.takeHang();
            if (!hang.isZero()) {
                pause(hang);
                api.problem(exchange, 504, "504", "simulated timeout", null);
                return;
            }
            if (api.isTokenCall(exchange)) {
                api.token(exchange);
                return;
            }
            if (!validToken(carrier, exchange.bearer().orElse(null))) {
                api.unauthorized(exchange);
                return;
            }
            api.serve(exchange);
        } catch (IOException | RuntimeException e) {
            LOG.warn("direct carrier simulator failed on {}", raw.getRequestURI(), e);
        }
    }

    static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
