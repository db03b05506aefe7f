package com.creatorflow.local.simulators.carriers;

import com.creatorflow.local.simulators.LoopbackServer;
import com.creatorflow.local.simulators.RecentKeys;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.EasyPostCarriers;
import com.creatorflow.shared.shipping.domain.EasyPostSignature;
import com.creatorflow.shared.shipping.domain.ServiceLevel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
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
 * EasyPost's REST API v2 on a local port, with the nine carriers behind it, speaking EasyPost's wire format: HTTP Basic
 * authentication with a test-mode key, {@code POST /v2/shipments} answering rates of every carrier (or of the
 * {@code carrier_accounts} named) with {@code messages} for carriers that could not rate, {@code GET /v2/shipments/{id
 * or reference}}, {@code POST /v2/shipments/{id}/buy} (rate id, insurance), {@code GET /v2/shipments/{id}/label?
 * file_format=PDF|PNG|ZPL}, {@code POST /v2/shipments/{id}/refund}, {@code POST /v2/refunds},
 * {@code POST|GET /v2/trackers}, {@code POST /v2/addresses} with delivery verification,
 * {@code GET /v2/addresses}, {@code GET /v2/carrier_accounts}; errors as {@code {"error": {"code", "message", "errors": [{"field", "message"}]}}}; and
 * tracker {@code Event}s posted to {@code <target>/webhooks/carriers/easypost}, signed in {@code X-Hmac-Signature}.
 *
 * <p>Faults: {@link #faults()} for EasyPost itself (every call), {@link #faults(Carrier)} for one carrier behind it
 * (its rates become a {@code rate_error} message; buying, refunding and tracking its labels answer the fault's
 * status). Parcels follow a {@link Scenario}; a {@code to_address} with postal code {@value #UNDELIVERABLE_POSTAL_CODE}
 * fails verification. Label files are served at {@code /files/postage_label/<shipment>.<pdf|png|zpl>}. Controlled from
 * Java or over HTTP under {@code /_control/} (see docs/shipping.md).
 */
public final class EasyPostSimulator implements AutoCloseable {
    /** The postal code whose addresses fail verification. */
    public static final String UNDELIVERABLE_POSTAL_CODE = "00000";

    private static final Logger LOG = LoggerFactory.getLogger(EasyPostSimulator.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final HttpClient webhooks = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String apiKey = "EZTK" + HexFormat.of().formatHex(bytes(16));
    private final String webhookSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(24));
    private final CarrierFaults apiFaults = new CarrierFaults();
    private final Map<Carrier, CarrierFaults> faults = new EnumMap<>(Carrier.class);
    private final Map<Carrier, String> accounts = new EnumMap<>(Carrier.class);
    private final Map<String, ObjectNode> shipments = new ConcurrentHashMap<>();
    private final Map<String, String> references = new ConcurrentHashMap<>();
    private final Map<String, SimulatedParcel> parcels = new ConcurrentHashMap<>();
    private final RecentKeys<String> recentShipments = new RecentKeys<>(RecentKeys.SIMULATOR_MEMORY);
    private final RecentKeys<String> recentParcels = new RecentKeys<>(RecentKeys.SIMULATOR_MEMORY);
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
     * @param event the tracking detail sent
     * @param webhookStatus the HTTP status our endpoint answered (0 when no target is set or it was unreachable)
     */
    public record Delivery(String trackingNumber, Map<String, Object> event, int webhookStatus) {
    }

    /**
     * Label purchases for one order reference (what we print as {@code options.print_custom_1}: tenant and order).
     *
     * @param calls purchase attempts: shipments created with a reference, and look-ups finding one already bought
     * @param labels labels actually bought
     */
    public record LabelPurchases(long calls, long labels) {
    }

    private EasyPostSimulator(HttpServer server, ExecutorService executor, Clock clock) {
        this.server = server;
        this.executor = executor;
        this.clock = clock;
        for (Carrier carrier : Carrier.values()) {
            faults.put(carrier, new CarrierFaults());
            accounts.put(carrier, "ca_" + HexFormat.of().formatHex(bytes(16)));
        }
    }

    /** Starts on a free loopback port. */
    public static EasyPostSimulator start() {
        return start(0, Clock.systemUTC());
    }

    /** Starts on a port (0 = free) with a clock for events and delivery dates. */
    public static EasyPostSimulator start(int port, Clock clock) {
        LoopbackServer bound = LoopbackServer.bind("EasyPost simulator", port, 256, 16);
        HttpServer server = bound.server();
        ExecutorService executor = bound.executor();
        EasyPostSimulator simulator = new EasyPostSimulator(server, executor, clock);
        server.createContext("/v2/", simulator::serve);
        server.createContext("/files/", simulator::file);
        server.createContext("/_control/", exchange -> {
            try (exchange) {
                List<String> path = List.of(exchange.getRequestURI().getPath()
                        .replaceAll("^/_control/|/+$", "").split("/"));
                simulator.control.handle(exchange, path);
            }
        });
        server.start();
        return simulator;
    }

    private static byte[] bytes(int count) {
        byte[] raw = new byte[count];
        RANDOM.nextBytes(raw);
        return raw;
    }

    /** The server's root URL (control API under {@code /_control/}). */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The API's base URL, as {@code https://api.easypost.com/v2} is EasyPost's. */
    public URI apiUrl() {
        return URI.create(baseUrl() + "/v2");
    }

    /** The test-mode API key the simulator accepts. */
    public String apiKey() {
        return apiKey;
    }

    /** The secret its webhooks are signed with. */
    public String webhookSecret() {
        return webhookSecret;
    }

    /** The key and webhook secret in the {@code CARRIER_CREDENTIALS} format. */
    public String credentialsJson() {
        return Json.write(Map.of("easypost", Map.of("apiKey", apiKey, "webhookSecret", webhookSecret)));
    }

    /** The variables that point functions' carrier adapters at this simulator. */
    public Map<String, String> functionVariables() {
        return Map.of("EASYPOST_API_URL", apiUrl().toString(), "CARRIER_CREDENTIALS", credentialsJson());
    }

    /** Where tracking webhooks go: a base URL to which {@code /webhooks/carriers/easypost} is added. */
    public void webhookTarget(URI base) {
        webhookTarget = base;
    }

    /** EasyPost's own faults (every API call). */
    public CarrierFaults faults() {
        return apiFaults;
    }

    /** One carrier's faults behind EasyPost. */
    public CarrierFaults faults(Carrier carrier) {
        return faults.get(carrier);
    }

    /** Sets EasyPost's latency. */
    public void latency(Duration min, Duration max) {
        apiFaults.latency(min, max);
    }

    /** A labelled parcel. */
    public Optional<SimulatedParcel> parcel(String trackingNumber) {
        return Optional.ofNullable(parcels.get(trackingNumber));
    }

    /** Makes a parcel's next events follow a scenario. */
    public void scenario(String trackingNumber, Scenario scenario) {
        requireParcel(trackingNumber).scenario(scenario);
    }

    /** Moves a parcel one event on and posts the {@code tracker.updated} webhook; empty at the end. */
    public Optional<Delivery> advance(String trackingNumber) {
        SimulatedParcel parcel = requireParcel(trackingNumber);
        String before = String.valueOf(parcel.events().getLast().get("status"));
        return parcel.advance(clock.instant()).map(event -> deliver(parcel, event, before));
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

    /** Posts an Event whose tracker ends at an earlier detail (a duplicate, or out of order when older). */
    public Delivery redeliver(String trackingNumber, int eventIndex) {
        SimulatedParcel parcel = requireParcel(trackingNumber);
        Map<String, Object> event = parcel.events().get(eventIndex);
        return deliver(parcel, event, String.valueOf(event.get("status")));
    }

    /** Label purchases by order reference, since start or the last reset. */
    public Map<String, LabelPurchases> labelPurchases() {
        Map<String, LabelPurchases> all = new LinkedHashMap<>();
        purchaseCalls.forEach((reference, calls) -> all.put(reference, new LabelPurchases(calls.get(),
                Optional.ofNullable(labelsBought.get(reference)).map(AtomicLong::get).orElse(0L))));
        return all;
    }

    /** Forgets every shipment and parcel and clears every fault (keys and accounts stay). */
    public void reset() {
        shipments.clear();
        references.clear();
        parcels.clear();
        recentShipments.clear();
        recentParcels.clear();
        purchaseCalls.clear();
        labelsBought.clear();
        recentReferences.clear();
        apiFaults.clear();
        faults.values().forEach(CarrierFaults::clear);
    }

    SimulatedParcel requireParcel(String trackingNumber) {
        SimulatedParcel parcel = parcels.get(trackingNumber);
        if (parcel == null) {
            throw new IllegalArgumentException("the simulator has no parcel " + trackingNumber);
        }
        return parcel;
    }

    private Delivery deliver(SimulatedParcel parcel, Map<String, Object> upTo, String previousStatus) {
        URI target = webhookTarget;
        if (target == null) {
            return new Delivery(parcel.trackingNumber(), upTo, 0);
        }
        URI url = URI.create(target.toString().replaceAll("/+$", "") + "/webhooks/carriers/easypost");
        List<Map<String, Object>> details = new ArrayList<>();
        for (Map<String, Object> detail : parcel.events()) {
            details.add(detail);
            if (detail.equals(upTo)) {
                break;
            }
        }
        ObjectNode event = Json.object();
        event.put("object", "Event");
        event.put("id", id("evt"));
        event.put("mode", "test");
        event.put("description", "tracker.updated");
        event.putObject("previous_attributes").put("status", previousStatus);
        event.set("result", tracker(parcel, details));
        event.put("status", "pending");
        event.putArray("pending_urls").add(url.toString());
        event.putArray("completed_urls");
        event.put("created_at", clock.instant().toString());
        event.put("updated_at", clock.instant().toString());
        byte[] body = Json.bytes(event);
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(EasyPostSignature.HEADER, EasyPostSignature.sign(webhookSecret, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            int status = webhooks.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new Delivery(parcel.trackingNumber(), upTo, status);
        } catch (IOException e) {
            LOG.warn("webhook to {} failed: {}", url, e.toString());
            return new Delivery(parcel.trackingNumber(), upTo, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery(parcel.trackingNumber(), upTo, 0);
        }
    }

    private static String id(String prefix) {
        return prefix + "_" + HexFormat.of().formatHex(bytes(16));
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            pause(apiFaults.drawLatency());
            if (apiFaults.isDown()) {
                error(exchange, 503, "SERVICE.UNAVAILABLE", "EasyPost is down (simulated outage)");
                return;
            }
            int failure = apiFaults.takeFailure();
            if (failure != 0) {
                error(exchange, failure, failure == 429 ? "RATE_LIMITED" : "INTERNAL_SERVER_ERROR",
                        "simulated failure");
                return;
            }
            Duration hang = apiFaults.takeHang();
            if (!hang.isZero()) {
                pause(hang);
                error(exchange, 504, "TIMEOUT", "simulated timeout");
                return;
            }
            String expected = "Basic " + Base64.getEncoder().encodeToString((apiKey + ":")
                    .getBytes(StandardCharsets.UTF_8));
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null) {
                error(exchange, 401, "APIKEY.REQUIRED", "An API key is required for this request.");
                return;
            }
            if (!expected.equals(auth)) {
                error(exchange, 401, "APIKEY.INACTIVE", "The API key is not valid or not active.");
                return;
            }
            route(exchange);
        } catch (RuntimeException e) {
            LOG.warn("EasyPost simulator failed on {}", exchange.getRequestURI(), e);
            error(exchange, 500, "INTERNAL_SERVER_ERROR", "simulator error");
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String[] path = exchange.getRequestURI().getPath().replaceAll("^/v2/|/+$", "").split("/");
        String resource = path[0];
        if (method.equals("POST") && resource.equals("shipments") && path.length == 1) {
            createShipment(exchange, body(exchange).path("shipment"));
        } else if (method.equals("GET") && resource.equals("shipments") && path.length == 2) {
            lookUp(exchange, URLDecoder.decode(path[1], StandardCharsets.UTF_8));
        } else if (method.equals("POST") && resource.equals("shipments") && path.length == 3 && path[2].equals("buy")) {
            buy(exchange, path[1], body(exchange));
        } else if (method.equals("GET") && resource.equals("shipments") && path.length == 3
                && path[2].equals("label")) {
            label(exchange, path[1], query(exchange, "file_format"));
        } else if (method.equals("POST") && resource.equals("shipments") && path.length == 3
                && path[2].equals("refund")) {
            refundShipment(exchange, path[1]);
        } else if (method.equals("POST") && resource.equals("refunds") && path.length == 1) {
            refunds(exchange, body(exchange).path("refund"));
        } else if (method.equals("POST") && resource.equals("trackers") && path.length == 1) {
            createTracker(exchange, body(exchange).path("tracker"));
        } else if (method.equals("GET") && resource.equals("trackers") && path.length == 2) {
            Optional<SimulatedParcel> parcel = parcels.values().stream()
                    .filter(p -> trackerId(p).equals(path[1])).findFirst();
            if (parcel.isEmpty()) {
                notFound(exchange);
            } else {
                send(exchange, 200, tracker(parcel.get(), parcel.get().events()));
            }
        } else if (method.equals("GET") && resource.equals("addresses") && path.length == 1) {
            ObjectNode page = Json.object();
            page.putArray("addresses");
            page.put("has_more", false);
            send(exchange, 200, page);
        } else if (method.equals("POST") && resource.equals("addresses") && path.length == 1) {
            address(exchange, body(exchange));
        } else if (method.equals("GET") && resource.equals("carrier_accounts") && path.length == 1) {
            ArrayNode list = Json.MAPPER.createArrayNode();
            accounts.forEach((carrier, id) -> {
                ObjectNode account = list.addObject();
                account.put("id", id);
                account.put("object", "CarrierAccount");
                account.put("type", EasyPostCarriers.accountType(carrier));
                account.put("readable", carrier.displayName());
                account.put("description", carrier.displayName() + " (simulated)");
            });
            send(exchange, 200, list);
        } else {
            notFound(exchange);
        }
    }

    private void createShipment(HttpExchange exchange, JsonNode request) throws IOException {
        JsonNode to = request.path("to_address");
        for (String field : List.of("street1", "city", "zip", "country")) {
            if (to.path(field).asText("").isBlank()) {
                error(exchange, 422, "SHIPMENT.INVALID_PARAMS", "Missing required parameter.",
                        "to_address." + field, "is required");
                return;
            }
        }
        if (UNDELIVERABLE_POSTAL_CODE.equals(to.path("zip").asText())) {
            error(exchange, 422, "ADDRESS.VERIFY.FAILURE", "Unable to verify address.", "to_address.zip",
                    "Address not found");
            return;
        }
        JsonNode box = request.path("parcel");
        if (!box.path("weight").isNumber() || box.path("weight").asDouble() <= 0) {
            error(exchange, 422, "PARCEL.INVALID_PARAMS", "Missing required parameter.", "parcel.weight",
                    "must be greater than 0");
            return;
        }
        String shipmentId = id("shp");
        String reference = request.path("reference").asText(null);
        String order = request.path("options").path("print_custom_1").asText("");
        if (reference != null) {
            countCall(order);
        }
        String from = request.path("from_address").path("country").asText("US");
        String toCountry = to.path("country").asText();
        String currency = request.path("options").path("currency").asText("USD");
        List<Carrier> asked = new ArrayList<>();
        if (request.path("carrier_accounts").isArray() && !request.path("carrier_accounts").isEmpty()) {
            request.path("carrier_accounts").forEach(a -> accounts.forEach((carrier, id) -> {
                if (id.equals(a.asText())) {
                    asked.add(carrier);
                }
            }));
        } else {
            asked.addAll(List.of(Carrier.values()));
        }
        ArrayNode rates = Json.MAPPER.createArrayNode();
        ArrayNode messages = Json.MAPPER.createArrayNode();
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (Carrier carrier : asked) {
            List<ServiceLevel> services = carrier.servicesFor(from, toCountry);
            if (services.isEmpty()) {
                continue;
            }
            Optional<String> refused = carrierFault(carrier);
            if (refused.isEmpty() && ounces(box) * 28.349523125 > carrier.maxWeightGrams()) {
                refused = Optional.of("parcel weight exceeds the carrier's maximum");
            }
            if (refused.isPresent()) {
                ObjectNode message = messages.addObject();
                message.put("carrier", EasyPostCarriers.name(carrier));
                message.put("carrier_account_id", accounts.get(carrier));
                message.put("type", "rate_error");
                message.put("message", refused.get());
                continue;
            }
            for (ServiceLevel service : services) {
                long minor = RateCard.price(carrier, service, (int) Math.round(ounces(box) * 28.349523125),
                        mm(box, "length"), mm(box, "width"), mm(box, "height"));
                String amount = new Money(minor, currency).toDecimal().toPlainString();
                ObjectNode rate = rates.addObject();
                rate.put("id", id("rate"));
                rate.put("object", "Rate");
                rate.put("mode", "test");
                rate.put("service", EasyPostCarriers.service(carrier, service.code()));
                rate.put("carrier", EasyPostCarriers.name(carrier));
                rate.put("rate", amount);
                rate.put("currency", currency);
                rate.put("retail_rate", amount);
                rate.put("retail_currency", currency);
                rate.put("list_rate", amount);
                rate.put("list_currency", currency);
                rate.put("delivery_days", service.maxDays());
                rate.put("delivery_date", RateCard.delivery(today, service.maxDays()) + "T00:00:00Z");
                rate.put("delivery_date_guaranteed", false);
                rate.put("est_delivery_days", service.maxDays());
                rate.put("shipment_id", shipmentId);
                rate.put("carrier_account_id", accounts.get(carrier));
            }
        }
        ObjectNode shipment = Json.object();
        shipment.put("id", shipmentId);
        shipment.put("object", "Shipment");
        shipment.put("mode", "test");
        shipment.put("reference", reference);
        shipment.put("status", "unknown");
        shipment.put("is_return", false);
        shipment.set("to_address", withId(to, "adr").put("object", "Address"));
        shipment.set("from_address", withId(request.path("from_address"), "adr").put("object", "Address"));
        shipment.putNull("return_address");
        ObjectNode parcel = withId(box, "prcl").put("object", "Parcel");
        parcel.putNull("predefined_package");
        shipment.set("parcel", parcel);
        if (request.has("customs_info")) {
            shipment.set("customs_info", withId(request.path("customs_info"), "cstinfo").put("object", "CustomsInfo"));
        } else {
            shipment.putNull("customs_info");
        }
        shipment.set("options", request.path("options").isObject() ? request.path("options") : Json.object());
        shipment.set("rates", rates);
        shipment.set("messages", messages);
        shipment.putNull("selected_rate");
        shipment.putNull("postage_label");
        shipment.putNull("tracking_code");
        shipment.putNull("tracker");
        shipment.putNull("insurance");
        shipment.putNull("refund_status");
        shipment.put("created_at", clock.instant().toString());
        shipment.put("updated_at", clock.instant().toString());
        shipments.put(shipmentId, shipment);
        recentShipments.add(shipmentId).forEach(old -> {
            ObjectNode gone = shipments.remove(old);
            if (gone != null && gone.hasNonNull("reference")) {
                references.remove(gone.path("reference").asText());
            }
        });
        if (reference != null) {
            references.put(reference, shipmentId);
        }
        send(exchange, 201, shipment);
    }

    private static ObjectNode withId(JsonNode node, String prefix) {
        ObjectNode copy = node.isObject() ? ((ObjectNode) node).deepCopy() : Json.object();
        copy.put("id", id(prefix));
        return copy;
    }

    private static double ounces(JsonNode box) {
        return box.path("weight").asDouble();
    }

    private static int mm(JsonNode box, String side) {
        return Math.max(1, (int) Math.round(box.path(side).asDouble(1) * 25.4));
    }

    /** The failure one carrier has for this call, in words (its latency and hangs are served here). */
    private Optional<String> carrierFault(Carrier carrier) {
        CarrierFaults fault = faults.get(carrier);
        pause(fault.drawLatency());
        if (fault.isDown()) {
            return Optional.of(carrier.displayName() + " is unavailable (simulated outage)");
        }
        int status = fault.takeFailure();
        if (status != 0) {
            return Optional.of(carrier.displayName() + " answered HTTP " + status + " (simulated)");
        }
        Duration hang = fault.takeHang();
        if (!hang.isZero()) {
            pause(hang);
            return Optional.of(carrier.displayName() + " timed out (simulated)");
        }
        return Optional.empty();
    }

    /** Answers a carrier's fault as an HTTP error; true when it did. */
    private boolean carrierFailed(HttpExchange exchange, Carrier carrier) throws IOException {
        CarrierFaults fault = faults.get(carrier);
        pause(fault.drawLatency());
        int status = fault.isDown() ? 503 : fault.takeFailure();
        Duration hang = status == 0 ? fault.takeHang() : Duration.ZERO;
        if (!hang.isZero()) {
            pause(hang);
            status = 504;
        }
        if (status == 0) {
            return false;
        }
        error(exchange, status, status == 429 ? "RATE_LIMITED" : "CARRIER.UNAVAILABLE",
                carrier.displayName() + " is unavailable (simulated)");
        return true;
    }

    private void lookUp(HttpExchange exchange, String idOrReference) throws IOException {
        ObjectNode shipment = shipments.get(idOrReference);
        if (shipment == null) {
            String id = references.get(idOrReference);
            shipment = id == null ? null : shipments.get(id);
            if (shipment != null && shipment.hasNonNull("tracking_code")) {
                countCall(shipment.path("options").path("print_custom_1").asText(""));
            }
        }
        if (shipment == null) {
            notFound(exchange);
        } else {
            send(exchange, 200, shipment);
        }
    }

    private void buy(HttpExchange exchange, String shipmentId, JsonNode body) throws IOException {
        ObjectNode shipment = shipments.get(shipmentId);
        if (shipment == null) {
            notFound(exchange);
            return;
        }
        String rateId = body.path("rate").path("id").asText("");
        JsonNode rate = null;
        for (JsonNode r : shipment.path("rates")) {
            if (r.path("id").asText().equals(rateId)) {
                rate = r;
            }
        }
        if (rate == null) {
            error(exchange, 422, "SHIPMENT.RATE.INVALID", "The rate is not one of this shipment's.", "rate.id",
                    "unknown rate " + rateId);
            return;
        }
        Carrier carrier = EasyPostCarriers.carrier(rate.path("carrier").asText()).orElseThrow();
        if (carrierFailed(exchange, carrier)) {
            return;
        }
        String order = shipment.path("options").path("print_custom_1").asText("");
        String tracking;
        synchronized (shipment) {
            if (shipment.hasNonNull("tracking_code")) {
                error(exchange, 422, "SHIPMENT.POSTAGE.EXISTS", "This shipment already has postage.");
                return;
            }
            String service = EasyPostCarriers.serviceCode(carrier, rate.path("service").asText()).orElseThrow();
            tracking = numbers.next(carrier, carrier.service(service));
            JsonNode to = shipment.path("to_address");
            String destination = to.path("city").asText() + ", " + to.path("country").asText();
            parcels.put(tracking, new SimulatedParcel(carrier, tracking, shipmentId, service, destination,
                    clock.instant()));
            recentParcels.add(tracking).forEach(parcels::remove);
            shipment.set("selected_rate", rate);
            shipment.put("tracking_code", tracking);
            if (body.hasNonNull("insurance")) {
                shipment.put("insurance", new BigDecimal(body.path("insurance").asText()).toPlainString());
            }
            ObjectNode label = shipment.putObject("postage_label");
            label.put("id", id("pl"));
            label.put("object", "PostageLabel");
            label.put("label_date", clock.instant().toString());
            label.put("label_resolution", 300);
            label.put("label_size", "4x6");
            label.put("label_type", "default");
            label.put("label_file_type", "image/png");
            label.put("label_url", fileUrl(shipmentId, "png"));
            String format = shipment.path("options").path("label_format").asText("PNG");
            label.put("label_pdf_url", format.equalsIgnoreCase("PDF") ? fileUrl(shipmentId, "pdf") : null);
            label.put("label_zpl_url", format.equalsIgnoreCase("ZPL") ? fileUrl(shipmentId, "zpl") : null);
            label.putNull("label_epl2_url");
            shipment.set("tracker", tracker(parcels.get(tracking), parcels.get(tracking).events()));
            shipment.put("updated_at", clock.instant().toString());
        }
        labelsBought.computeIfAbsent(order, r -> new AtomicLong()).incrementAndGet();
        send(exchange, 200, shipment);
    }

    private String fileUrl(String shipmentId, String extension) {
        return baseUrl() + "/files/postage_label/" + shipmentId + "." + extension;
    }

    /** A bought shipment, or null after answering 404 (unknown) or 422 with the code given (not bought). */
    private ObjectNode bought(HttpExchange exchange, String shipmentId, String code, String message)
            throws IOException {
        ObjectNode shipment = shipments.get(shipmentId);
        if (shipment == null) {
            notFound(exchange);
            return null;
        }
        if (!shipment.hasNonNull("tracking_code")) {
            error(exchange, 422, code, message);
            return null;
        }
        return shipment;
    }

    private void label(HttpExchange exchange, String shipmentId, String format) throws IOException {
        ObjectNode shipment = bought(exchange, shipmentId, "SHIPMENT.POSTAGE.REQUIRED",
                "The shipment has no postage yet.");
        if (shipment == null) {
            return;
        }
        String extension = format == null ? "" : format.toLowerCase(java.util.Locale.ROOT);
        if (!List.of("pdf", "png", "zpl").contains(extension)) {
            error(exchange, 422, "SHIPMENT.LABEL.INVALID_FORMAT", "Invalid label format.", "file_format",
                    "must be PDF, PNG, ZPL or EPL2");
            return;
        }
        synchronized (shipment) {
            ((ObjectNode) shipment.path("postage_label")).put("label_" + extension + "_url",
                    fileUrl(shipmentId, extension));
        }
        send(exchange, 200, shipment);
    }

    private void file(HttpExchange exchange) throws IOException {
        try (exchange) {
            String name = exchange.getRequestURI().getPath().replaceAll("^/files/postage_label/", "");
            int dot = name.lastIndexOf('.');
            ObjectNode shipment = dot < 0 ? null : shipments.get(name.substring(0, dot));
            if (shipment == null || !shipment.hasNonNull("tracking_code")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            JsonNode rate = shipment.path("selected_rate");
            String tracking = shipment.path("tracking_code").asText();
            String carrier = rate.path("carrier").asText();
            String service = rate.path("service").asText();
            JsonNode to = shipment.path("to_address");
            byte[] bytes;
            String type;
            switch (name.substring(dot + 1)) {
                case "pdf" -> {
                    JsonNode from = shipment.path("from_address");
                    String sender = from.path("name").asText() + ", " + from.path("city").asText();
                    String destination = to.path("name").asText() + ", " + to.path("city").asText() + " "
                            + to.path("zip").asText() + " " + to.path("country").asText();
                    bytes = SimulatedLabels.pdf(carrier, service, tracking, sender, destination,
                            shipment.path("options").path("print_custom_1").asText());
                    type = "application/pdf";
                }
                case "png" -> {
                    bytes = SimulatedLabels.png(tracking);
                    type = "image/png";
                }
                case "zpl" -> {
                    bytes = SimulatedLabels.zpl(carrier, service, tracking);
                    type = "application/zpl";
                }
                default -> {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private void refundShipment(HttpExchange exchange, String shipmentId) throws IOException {
        ObjectNode shipment = bought(exchange, shipmentId, "SHIPMENT.REFUND.UNAVAILABLE",
                "The shipment has no postage to refund.");
        if (shipment == null) {
            return;
        }
        SimulatedParcel parcel = parcels.get(shipment.path("tracking_code").asText());
        if (parcel != null && carrierFailed(exchange, parcel.carrier())) {
            return;
        }
        synchronized (shipment) {
            shipment.put("refund_status", parcel == null || parcel.voidLabel() ? "submitted" : "rejected");
        }
        send(exchange, 200, shipment);
    }

    private void refunds(HttpExchange exchange, JsonNode request) throws IOException {
        Optional<Carrier> carrier = EasyPostCarriers.carrier(request.path("carrier").asText());
        if (carrier.isEmpty()) {
            error(exchange, 422, "REFUND.INVALID_PARAMS", "Invalid carrier.", "carrier", "unknown carrier");
            return;
        }
        if (carrierFailed(exchange, carrier.get())) {
            return;
        }
        ArrayNode answer = Json.MAPPER.createArrayNode();
        for (JsonNode code : request.path("tracking_codes")) {
            SimulatedParcel parcel = parcels.get(code.asText());
            if (parcel == null || parcel.carrier() != carrier.get()) {
                error(exchange, 422, "SHIPMENT.NOT_FOUND", "No shipment with that tracking code.", "tracking_codes",
                        "unknown tracking code " + code.asText());
                return;
            }
            ObjectNode refund = answer.addObject();
            refund.put("id", id("rfnd"));
            refund.put("object", "Refund");
            refund.put("tracking_code", parcel.trackingNumber());
            refund.put("confirmation_number", HexFormat.of().formatHex(bytes(6)));
            refund.put("status", parcel.voidLabel() ? "submitted" : "rejected");
            refund.put("carrier", EasyPostCarriers.name(parcel.carrier()));
            refund.put("shipment_id", parcel.shipmentId());
            refund.put("created_at", clock.instant().toString());
            refund.put("updated_at", clock.instant().toString());
        }
        send(exchange, 201, answer);
    }

    private void createTracker(HttpExchange exchange, JsonNode request) throws IOException {
        SimulatedParcel parcel = parcels.get(request.path("tracking_code").asText(""));
        Optional<Carrier> carrier = EasyPostCarriers.carrier(request.path("carrier").asText());
        if (parcel == null || carrier.isPresent() && carrier.get() != parcel.carrier()) {
            error(exchange, 422, "TRACKER.INVALID_PARAMS", "Unable to find a shipment with that tracking code.",
                    "tracking_code", "unknown tracking code");
            return;
        }
        if (carrierFailed(exchange, parcel.carrier())) {
            return;
        }
        send(exchange, 201, tracker(parcel, parcel.events()));
    }

    private static String trackerId(SimulatedParcel parcel) {
        return "trk_" + HexFormat.of().formatHex(parcel.trackingNumber().getBytes(StandardCharsets.UTF_8));
    }

    private ObjectNode tracker(SimulatedParcel parcel, List<Map<String, Object>> details) {
        Map<String, Object> last = details.getLast();
        ObjectNode tracker = Json.object();
        tracker.put("id", trackerId(parcel));
        tracker.put("object", "Tracker");
        tracker.put("mode", "test");
        tracker.put("tracking_code", parcel.trackingNumber());
        tracker.put("status", String.valueOf(last.get("status")));
        tracker.put("status_detail", String.valueOf(last.get("status_detail")));
        tracker.put("carrier", EasyPostCarriers.name(parcel.carrier()));
        tracker.put("shipment_id", parcel.shipmentId());
        tracker.set("tracking_details", Json.toTree(details));
        tracker.put("public_url", baseUrl() + "/track/" + trackerId(parcel));
        tracker.put("created_at", String.valueOf(details.getFirst().get("datetime")));
        tracker.put("updated_at", String.valueOf(last.get("datetime")));
        return tracker;
    }

    private void address(HttpExchange exchange, JsonNode body) throws IOException {
        JsonNode address = body.path("address");
        boolean deliverable = !address.path("street1").asText("").isBlank()
                && !address.path("zip").asText("").isBlank()
                && !UNDELIVERABLE_POSTAL_CODE.equals(address.path("zip").asText());
        boolean strict = body.path("verify_strict").isArray() && !body.path("verify_strict").isEmpty();
        if (strict && !deliverable) {
            error(exchange, 422, "ADDRESS.VERIFY.FAILURE", "Unable to verify address.", "address",
                    "Address not found");
            return;
        }
        ObjectNode answer = withId(address, "adr");
        answer.put("object", "Address");
        answer.put("mode", "test");
        if (body.path("verify").isArray() || strict) {
            ObjectNode delivery = answer.putObject("verifications").putObject("delivery");
            delivery.put("success", deliverable);
            ArrayNode errors = delivery.putArray("errors");
            if (!deliverable) {
                ObjectNode error = errors.addObject();
                error.put("code", "E.ADDRESS.NOT_FOUND");
                error.put("field", "address");
                error.put("message", "Address not found");
            }
            delivery.putObject("details");
        }
        send(exchange, 201, answer);
    }

    private void countCall(String order) {
        if (purchaseCalls.computeIfAbsent(order, r -> new AtomicLong()).incrementAndGet() == 1) {
            recentReferences.add(order).forEach(old -> {
                purchaseCalls.remove(old);
                labelsBought.remove(old);
            });
        }
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        return bytes.length == 0 ? Json.object() : Json.MAPPER.readTree(bytes);
    }

    private static String query(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name) && kv.length == 2) {
                return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            }
        }
        return null;
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

    private static void notFound(HttpExchange exchange) throws IOException {
        error(exchange, 404, "NOT_FOUND", "The requested resource could not be found.");
    }

    /** Answers EasyPost's error shape, with one field error when a field is named. */
    static void error(HttpExchange exchange, int status, String code, String message, String... fieldAndMessage)
            throws IOException {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        ArrayNode errors = error.putArray("errors");
        if (fieldAndMessage.length == 2) {
            errors.addObject().put("field", fieldAndMessage[0]).put("message", fieldAndMessage[1]);
        }
        send(exchange, status, body);
    }

    static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Json.bytes(body);
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
