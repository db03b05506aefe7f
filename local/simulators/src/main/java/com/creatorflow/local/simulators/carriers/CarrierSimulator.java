package com.creatorflow.local.simulators.carriers;

import com.creatorflow.local.simulators.RecentKeys;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.shipping.carrier.Carrier;
import com.creatorflow.shared.shipping.carrier.ServiceLevel;
import com.creatorflow.shared.shipping.carrier.WebhookSignature;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every supported carrier's API in one local HTTP server, under {@code /carriers/<code>/}: rates, label purchase
 * (idempotent per {@code Idempotency-Key}), void, tracking, and signed tracking webhooks posted to a configurable
 * target (our {@code POST /webhooks/carriers/<code>}) when a parcel is advanced. Each carrier has its own API key,
 * webhook secret and {@link CarrierFaults} (outage, failing or hanging calls, latency); addresses with postal code
 * {@value #UNDELIVERABLE_POSTAL_CODE} are refused as invalid. Parcels follow a {@link Scenario} (delivered by
 * default; lost, returned to sender or address problem on request).
 *
 * <p>Controlled from Java (tests) or over HTTP under {@code /carriers/_control/} (see docs/shipping.md).
 */
public final class CarrierSimulator implements AutoCloseable {
    /** The postal code every simulated carrier refuses as undeliverable. */
    public static final String UNDELIVERABLE_POSTAL_CODE = "00000";

    private static final Logger LOG = LoggerFactory.getLogger(CarrierSimulator.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final HttpClient webhooks = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<Carrier, CarrierFaults> faults = new EnumMap<>(Carrier.class);
    private final Map<Carrier, String[]> credentials = new EnumMap<>(Carrier.class);
    private final Map<String, SimulatedParcel> parcels = new ConcurrentHashMap<>();
    private final Map<String, String> purchases = new ConcurrentHashMap<>();
    private final RecentKeys<String> recentParcels = new RecentKeys<>(RecentKeys.SIMULATOR_MEMORY);
    private final RecentKeys<String> recentPurchases = new RecentKeys<>(RecentKeys.SIMULATOR_MEMORY);
    private final Map<String, AtomicLong> purchaseCalls = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> labelsBought = new ConcurrentHashMap<>();
    private final RecentKeys<String> recentReferences = new RecentKeys<>(RecentKeys.SIMULATOR_MEMORY);
    private final TrackingNumberFactory numbers = new TrackingNumberFactory();
    private final SimulatorControl control = new SimulatorControl(this);
    private volatile URI webhookTarget;

    /**
     * A delivered webhook.
     *
     * @param trackingNumber the parcel
     * @param event the event sent
     * @param webhookStatus the HTTP status our endpoint answered (0 when no target is set or it was unreachable)
     */
    public record Delivery(String trackingNumber, Map<String, Object> event, int webhookStatus) {
    }

    private CarrierSimulator(HttpServer server, ExecutorService executor, Clock clock) {
        this.server = server;
        this.executor = executor;
        this.clock = clock;
        for (Carrier carrier : Carrier.values()) {
            faults.put(carrier, new CarrierFaults());
            credentials.put(carrier, new String[] {"sim_" + carrier.code() + "_" + token(12), token(24)});
        }
    }

    /** Starts on a free loopback port. */
    public static CarrierSimulator start() {
        return start(0, Clock.systemUTC());
    }

    /** Starts on a port (0 = free) with a clock for events and delivery dates. */
    public static CarrierSimulator start(int port, Clock clock) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the carrier simulator on port " + port, e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(16, runnable -> {
            Thread thread = new Thread(runnable, "carrier-simulator");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        CarrierSimulator simulator = new CarrierSimulator(server, executor, clock);
        server.createContext("/carriers/", simulator::serve);
        server.start();
        return simulator;
    }

    private static String token(int bytes) {
        byte[] raw = new byte[bytes];
        RANDOM.nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    /** The server's base URL; carrier {@code c} lives under {@code baseUrl()/carriers/c}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every carrier's API key and webhook secret, in the {@code CARRIER_CREDENTIALS} format. */
    public String credentialsJson() {
        Map<String, Object> all = new LinkedHashMap<>();
        credentials.forEach((carrier, pair) -> all.put(carrier.code(), Map.of("apiKey", pair[0],
                "webhookSecret", pair[1])));
        return Json.write(all);
    }

    /** The variables that point functions' carrier adapters at this simulator. */
    public Map<String, String> functionVariables() {
        return Map.of("CARRIER_GATEWAY_URL", baseUrl().toString(), "CARRIER_CREDENTIALS", credentialsJson());
    }

    /** Where tracking webhooks go: a base URL to which {@code /webhooks/carriers/<code>} is added. */
    public void webhookTarget(URI base) {
        webhookTarget = base;
    }

    /** A carrier's webhook signing secret (tests that forge or tamper with deliveries). */
    public String webhookSecret(Carrier carrier) {
        return credentials.get(carrier)[1];
    }

    /** A carrier's faults, to change. */
    public CarrierFaults faults(Carrier carrier) {
        return faults.get(carrier);
    }

    /** Sets the same latency range on every carrier. */
    public void latency(Duration min, Duration max) {
        faults.values().forEach(f -> f.latency(min, max));
    }

    /** A labelled parcel. */
    public Optional<SimulatedParcel> parcel(String trackingNumber) {
        return Optional.ofNullable(parcels.get(trackingNumber));
    }

    /** Makes a parcel's next events follow a scenario. */
    public void scenario(String trackingNumber, Scenario scenario) {
        requireParcel(trackingNumber).scenario(scenario);
    }

    /** Moves a parcel one event on and posts the webhook; empty at the end of its scenario. */
    public Optional<Delivery> advance(String trackingNumber) {
        SimulatedParcel parcel = requireParcel(trackingNumber);
        return parcel.advance(clock.instant()).map(event -> deliver(parcel, event));
    }

    /** Moves a parcel to the end of its scenario, posting every webhook. */
    public List<Delivery> advanceToEnd(String trackingNumber) {
        List<Delivery> deliveries = new ArrayList<>();
        Optional<Delivery> next = advance(trackingNumber);
        while (next.isPresent()) {
            deliveries.add(next.get());
            next = advance(trackingNumber);
        }
        return deliveries;
    }

    /** Posts an earlier event again, as carriers do (a duplicate, or out of order when older than the last). */
    public Delivery redeliver(String trackingNumber, int eventIndex) {
        SimulatedParcel parcel = requireParcel(trackingNumber);
        return deliver(parcel, parcel.events().get(eventIndex));
    }

    /**
     * Label purchases for one shipment reference (what we send as {@code reference}: tenant and order).
     *
     * @param calls purchase requests received (an idempotent replay counts here too)
     * @param labels labels actually bought (a replay with the same {@code Idempotency-Key} buys none)
     */
    public record LabelPurchases(long calls, long labels) {
    }

    /** Label purchases by shipment reference, since start or the last reset. */
    public Map<String, LabelPurchases> labelPurchases() {
        Map<String, LabelPurchases> all = new LinkedHashMap<>();
        purchaseCalls.forEach((reference, calls) -> all.put(reference, new LabelPurchases(calls.get(),
                Optional.ofNullable(labelsBought.get(reference)).map(AtomicLong::get).orElse(0L))));
        return all;
    }

    /** Forgets every parcel and clears every fault (credentials stay). */
    public void reset() {
        parcels.clear();
        purchases.clear();
        recentParcels.clear();
        recentPurchases.clear();
        purchaseCalls.clear();
        labelsBought.clear();
        recentReferences.clear();
        faults.values().forEach(CarrierFaults::clear);
    }

    SimulatedParcel requireParcel(String trackingNumber) {
        SimulatedParcel parcel = parcels.get(trackingNumber);
        if (parcel == null) {
            throw new IllegalArgumentException("the simulator has no parcel " + trackingNumber);
        }
        return parcel;
    }

    private Delivery deliver(SimulatedParcel parcel, Map<String, Object> event) {
        URI target = webhookTarget;
        if (target == null) {
            return new Delivery(parcel.trackingNumber(), event, 0);
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("carrier", parcel.carrier().code());
        payload.put("trackingNumber", parcel.trackingNumber());
        payload.put("events", List.of(event));
        byte[] body = Json.bytes(payload);
        URI url = URI.create(target.toString().replaceAll("/+$", "") + "/webhooks/carriers/" + parcel.carrier().code());
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(WebhookSignature.HEADER, WebhookSignature.sign(webhookSecret(parcel.carrier()), clock.instant(),
                        body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            int status = webhooks.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new Delivery(parcel.trackingNumber(), event, status);
        } catch (IOException e) {
            LOG.warn("webhook to {} failed: {}", url, e.toString());
            return new Delivery(parcel.trackingNumber(), event, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery(parcel.trackingNumber(), event, 0);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getPath().replaceAll("^/carriers/|/+$", "").split("/");
            if (path[0].equals("_control")) {
                control.handle(exchange, List.of(path).subList(1, path.length));
                return;
            }
            Carrier carrier;
            try {
                carrier = Carrier.ofCode(path[0]);
            } catch (RuntimeException unknown) {
                send(exchange, 404, Map.of("message", "no carrier " + path[0]));
                return;
            }
            CarrierFaults fault = faults.get(carrier);
            pause(fault.drawLatency());
            if (fault.isDown()) {
                send(exchange, 503, Map.of("message", carrier.displayName() + " is down (simulated outage)"));
                return;
            }
            int failure = fault.takeFailure();
            if (failure != 0) {
                send(exchange, failure, Map.of("message", "simulated failure"));
                return;
            }
            Duration hang = fault.takeHang();
            if (!hang.isZero()) {
                pause(hang);
                send(exchange, 504, Map.of("message", "simulated timeout"));
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (!("Bearer " + credentials.get(carrier)[0]).equals(auth)) {
                send(exchange, 401, Map.of("message", "invalid API key"));
                return;
            }
            route(exchange, carrier, path);
        } catch (RuntimeException e) {
            LOG.warn("carrier simulator failed on {}", exchange.getRequestURI(), e);
            send(exchange, 500, Map.of("message", "simulator error"));
        }
    }

    private void route(HttpExchange exchange, Carrier carrier, String[] path) throws IOException {
        String method = exchange.getRequestMethod();
        String resource = path.length > 1 ? path[1] : "";
        if (method.equals("POST") && resource.equals("rates") && path.length == 2) {
            rates(exchange, carrier, Json.MAPPER.readTree(exchange.getRequestBody()));
        } else if (method.equals("POST") && resource.equals("labels") && path.length == 2) {
            buy(exchange, carrier, Json.MAPPER.readTree(exchange.getRequestBody()));
        } else if (method.equals("POST") && resource.equals("labels") && path.length == 4 && path[3].equals("void")) {
            voidLabel(exchange, path[2]);
        } else if (method.equals("GET") && resource.equals("tracking") && path.length == 3) {
            SimulatedParcel parcel = parcels.get(path[2]);
            if (parcel == null || parcel.carrier() != carrier) {
                send(exchange, 404, Map.of("field", "trackingNumber", "message", "unknown tracking number"));
                return;
            }
            send(exchange, 200, Map.of("trackingNumber", parcel.trackingNumber(), "events", parcel.events()));
        } else {
            send(exchange, 404, Map.of("message", "no route " + method + " " + exchange.getRequestURI().getPath()));
        }
    }

    private Optional<Map<String, Object>> refusal(Carrier carrier, JsonNode request) {
        JsonNode to = request.path("shipTo");
        for (String field : List.of("line1", "city", "postalCode", "country")) {
            if (to.path(field).asText("").isBlank()) {
                return Optional.of(Map.of("field", "shipTo." + field, "message", "the address has no " + field));
            }
        }
        if (UNDELIVERABLE_POSTAL_CODE.equals(to.path("postalCode").asText())) {
            return Optional.of(Map.of("field", "shipTo.postalCode", "message",
                    "the address could not be validated (undeliverable postal code)"));
        }
        int index = 0;
        for (JsonNode parcel : request.path("parcels")) {
            if (parcel.path("weightGrams").asInt() > carrier.maxWeightGrams()) {
                return Optional.of(Map.of("field", "parcels[" + index + "].weightGrams", "message",
                        "parcel is over " + carrier.maxWeightGrams() + " g"));
            }
            index++;
        }
        return index == 0 ? Optional.of(Map.of("field", "parcels", "message", "no parcels")) : Optional.empty();
    }

    private List<ServiceLevel> services(Carrier carrier, JsonNode request) {
        return carrier.servicesFor(request.path("shipFrom").path("country").asText(),
                request.path("shipTo").path("country").asText());
    }

    private long price(Carrier carrier, ServiceLevel service, JsonNode request) {
        long total = 0;
        for (JsonNode p : request.path("parcels")) {
            total += RateCard.price(carrier, service, p.path("weightGrams").asInt(), p.path("lengthMm").asInt(),
                    p.path("widthMm").asInt(), p.path("heightMm").asInt());
        }
        return total;
    }

    private void rates(HttpExchange exchange, Carrier carrier, JsonNode request) throws IOException {
        Optional<Map<String, Object>> refused = refusal(carrier, request);
        if (refused.isPresent()) {
            send(exchange, 422, refused.get());
            return;
        }
        String currency = request.path("currency").asText("USD");
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Map<String, Object>> rates = new ArrayList<>();
        for (ServiceLevel service : services(carrier, request)) {
            rates.add(Map.of("service", service.code(),
                    "amount", new Money(price(carrier, service, request), currency).toDecimal().toPlainString(),
                    "currency", currency, "transitDays", service.maxDays(),
                    "estimatedDelivery", RateCard.delivery(today, service.maxDays()).toString()));
        }
        send(exchange, 200, Map.of("rates", rates));
    }

    private void buy(HttpExchange exchange, Carrier carrier, JsonNode request) throws IOException {
        String reference = request.path("reference").asText("");
        if (purchaseCalls.computeIfAbsent(reference, r -> new AtomicLong()).incrementAndGet() == 1) {
            recentReferences.add(reference).forEach(old -> {
                purchaseCalls.remove(old);
                labelsBought.remove(old);
            });
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key != null) {
            String earlier = purchases.get(carrier.code() + ":" + key);
            if (earlier != null) {
                sendRaw(exchange, 201, earlier);
                return;
            }
        }
        Optional<Map<String, Object>> refused = refusal(carrier, request);
        if (refused.isPresent()) {
            send(exchange, 422, refused.get());
            return;
        }
        String code = request.path("service").asText();
        Optional<ServiceLevel> service = services(carrier, request).stream()
                .filter(s -> s.code().equals(code)).findFirst();
        if (service.isEmpty()) {
            send(exchange, 422, Map.of("field", "service", "message", "service " + code + " is not offered here"));
            return;
        }
        String shipmentId = "shp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String destination = request.path("shipTo").path("city").asText() + ", "
                + request.path("shipTo").path("country").asText();
        List<String> tracking = new ArrayList<>();
        for (int i = 0; i < request.path("parcels").size(); i++) {
            String number = numbers.next(carrier, service.get());
            parcels.put(number, new SimulatedParcel(carrier, number, shipmentId, code, destination, clock.instant()));
            recentParcels.add(number).forEach(parcels::remove);
            tracking.add(number);
        }
        String currency = request.path("currency").asText("USD");
        String answer = Json.write(Map.of("shipmentId", shipmentId, "service", code, "trackingNumbers", tracking,
                "amount", new Money(price(carrier, service.get(), request), currency).toDecimal().toPlainString(),
                "currency", currency));
        String first = key == null ? null : purchases.putIfAbsent(carrier.code() + ":" + key, answer);
        if (key != null && first == null) {
            recentPurchases.add(carrier.code() + ":" + key).forEach(purchases::remove);
        }
        if (first == null) {
            labelsBought.computeIfAbsent(reference, r -> new AtomicLong()).incrementAndGet();
        }
        sendRaw(exchange, 201, first != null ? first : answer);
    }

    private void voidLabel(HttpExchange exchange, String trackingNumber) throws IOException {
        SimulatedParcel parcel = parcels.get(trackingNumber);
        if (parcel == null) {
            send(exchange, 404, Map.of("field", "trackingNumber", "message", "unknown tracking number"));
        } else if (parcel.voidLabel()) {
            send(exchange, 200, Map.of("trackingNumber", trackingNumber, "voided", true));
        } else {
            send(exchange, 409, Map.of("field", "trackingNumber", "message",
                    "the parcel is already in the carrier's network; the label can no longer be voided"));
        }
    }

    private static void pause(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void send(HttpExchange exchange, int status, Object body) throws IOException {
        sendRaw(exchange, status, Json.write(body));
    }

    private static void sendRaw(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException gone) {
            LOG.debug("client left before the answer: {}", gone.toString());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
