package com.creatorflow.local.simulators.carriers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.shipping.carrier.direct.DirectCarrierAdapters;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierAdapter;
import com.creatorflow.shared.shipping.domain.CarrierSettings;
import com.creatorflow.shared.shipping.domain.DirectAccount;
import com.creatorflow.shared.shipping.domain.Parcel;
import com.creatorflow.shared.shipping.domain.ShipmentRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The recorded request/response pairs of the direct carriers' contract tests ({@code src/test/resources/contracts},
 * modelled on the examples of the carriers' API references), the field paths of a JSON document, and a stub server
 * that answers an adapter with a recorded response and keeps what the adapter sent.
 */
final class Contracts {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The shipment of the recorded examples: one 1.1 kg box from Timonium, MD to Alpharetta, GA. */
    static final ShipmentRequest SHIPMENT = new ShipmentRequest("tenant-x/order-1",
            new Address("Glow Studio", "5555555555", "2311 York Rd", "Suite 100", "Timonium", "MD", "21093", "US"),
            new Address("Jamie Rivera", "5555555555", "12380 Morris Rd", "Suite 100", "Alpharetta", "GA", "30005",
                    "US"),
            List.of(new Parcel(1130, 254, 203, 102, List.of("line-1"))), "USD");

    private static DirectCarrierSimulator simulator;

    private Contracts() {
    }

    /** The simulator the contract tests share, started on first use (its threads are daemons). */
    static synchronized DirectCarrierSimulator simulator() {
        if (simulator == null) {
            simulator = DirectCarrierSimulator.start();
        }
        return simulator;
    }

    /** Asserts that a call is refused as {@link ValidationFailed} naming a field, with the carrier's code. */
    static void assertRefused(ThrowingCallable call, String code, String field) {
        assertThatThrownBy(call).isInstanceOf(ValidationFailed.class).hasMessageContaining(code)
                .satisfies(e -> assertThat(((ValidationFailed) e).field()).isEqualTo(field));
    }

    /** An adapter of a carrier pointed at a base URL with a recorded account. */
    static CarrierAdapter adapter(Carrier carrier, URI baseUrl, Map<String, String> account) {
        CarrierSettings settings = new CarrierSettings(baseUrl, null, null, Duration.ofSeconds(5), 1,
                Duration.ofMillis(10), Duration.ofSeconds(30));
        return DirectCarrierAdapters.create(carrier, settings, DirectAccount.of(Json.MAPPER.valueToTree(account)),
                null, HTTP, Clock.systemUTC());
    }

    /** A recorded document. */
    static JsonNode json(String name) {
        try (InputStream in = Contracts.class.getResourceAsStream("/contracts/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no contract " + name);
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every field path of a document ({@code a.b.c}); arrays are looked through, so one object or a list agree. */
    static Set<String> paths(JsonNode node) {
        Set<String> paths = new TreeSet<>();
        collect(node, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String prefix, Set<String> paths) {
        if (node.isArray()) {
            if (node.isEmpty() || !node.get(0).isContainerNode()) {
                paths.add(prefix);
            }
            node.forEach(item -> collect(item, prefix, paths));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> collect(e.getValue(), prefix.isEmpty() ? e.getKey()
                    : prefix + "." + e.getKey(), paths));
        } else {
            paths.add(prefix);
        }
    }

    /** Sends a request to a simulator with a bearer token; the answer. */
    static HttpResponse<byte[]> send(URI url, String method, String token, JsonNode body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A stub of a carrier: canned answers by route ({@code "POST /path"}), every request kept. */
    static final class Stub implements AutoCloseable {
        /**
         * A request the stub received.
         *
         * @param route method and path
         * @param headers the first value of each header, names in lower case
         * @param body the body
         */
        record Received(String route, Map<String, String> headers, byte[] body) {
            JsonNode json() {
                try {
                    return Json.MAPPER.readTree(body);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        private record Canned(int status, String contentType, byte[] body) {
        }

        private final HttpServer server;
        private final Map<String, Canned> routes = new ConcurrentHashMap<>();
        private final List<Received> received = new CopyOnWriteArrayList<>();

        Stub() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
                Map<String, String> headers = new java.util.HashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT),
                        v.get(0)));
                received.add(new Received(route, headers, exchange.getRequestBody().readAllBytes()));
                Canned canned = routes.getOrDefault(route, new Canned(404, "application/json", "{}".getBytes()));
                exchange.getResponseHeaders().set("Content-Type", canned.contentType());
                exchange.sendResponseHeaders(canned.status(), canned.body().length);
                exchange.getResponseBody().write(canned.body());
                exchange.close();
            });
            server.start();
        }

        URI baseUrl() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        Stub answer(String route, int status, String contentType, byte[] body) {
            routes.put(route, new Canned(status, contentType, body));
            return this;
        }

        Stub answer(String route, int status, JsonNode body) {
            return answer(route, status, "application/json", Json.bytes(body));
        }

        /** The last request on a route. */
        Received last(String route) {
            for (int i = received.size() - 1; i >= 0; i--) {
                if (received.get(i).route().equals(route)) {
                    return received.get(i);
                }
            }
            throw new AssertionError("no request on " + route + "; received " + received.stream()
                    .map(Received::route).toList());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
