package com.creatorflow.local.simulators.carriers;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's HTTP control API under {@code /_control/}, the same operations as its Java API ({@code <code>} is
 * a carrier's code, or {@code easypost} for EasyPost itself):
 * <ul>
 *   <li>{@code POST <code>/outage {"down": true}}</li>
 *   <li>{@code POST <code>/faults {"failNext": 2, "status": 503, "hangNext": 1, "hangMs": 3000,
 *   "latencyMs": [20, 80]}}</li>
 *   <li>{@code GET parcels/<tracking>}: status, scenario events, voided</li>
 *   <li>{@code POST parcels/<tracking>/advance {"scenario": "LOST", "toEnd": true}}: posts the webhooks</li>
 *   <li>{@code GET purchases}: label purchase calls and labels bought per shipment reference</li>
 *   <li>{@code POST reset}</li>
 * </ul>
 */
final class SimulatorControl {
    private final EasyPostSimulator simulator;

    SimulatorControl(EasyPostSimulator simulator) {
        this.simulator = simulator;
    }

    void handle(HttpExchange exchange, List<String> path) throws IOException {
        String method = exchange.getRequestMethod();
        JsonNode body = method.equals("POST") ? readBody(exchange) : Json.object();
        try {
            if (path.size() == 1 && path.get(0).equals("purchases") && method.equals("GET")) {
                EasyPostSimulator.send(exchange, 200, simulator.labelPurchases());
            } else if (path.size() == 1 && path.get(0).equals("reset") && method.equals("POST")) {
                simulator.reset();
                EasyPostSimulator.send(exchange, 200, Map.of("reset", true));
            } else if (path.size() == 2 && path.get(1).equals("outage") && method.equals("POST")) {
                CarrierFaults faults = faultsOf(path.get(0));
                faults.outage(body.path("down").asBoolean(true));
                EasyPostSimulator.send(exchange, 200, Map.of("carrier", path.get(0), "down", faults.isDown()));
            } else if (path.size() == 2 && path.get(1).equals("faults") && method.equals("POST")) {
                faults(faultsOf(path.get(0)), body);
                EasyPostSimulator.send(exchange, 200, Map.of("carrier", path.get(0), "applied", true));
            } else if (path.size() == 2 && path.get(0).equals("parcels") && method.equals("GET")) {
                EasyPostSimulator.send(exchange, 200, describe(simulator.requireParcel(path.get(1))));
            } else if (path.size() == 3 && path.get(0).equals("parcels") && path.get(2).equals("advance")
                    && method.equals("POST")) {
                EasyPostSimulator.send(exchange, 200, advance(path.get(1), body));
            } else {
                EasyPostSimulator.send(exchange, 404, Map.of("message", "no control route " + method + " " + path));
            }
        } catch (IllegalArgumentException | ValidationFailed e) {
            EasyPostSimulator.send(exchange, 400, Map.of("message", String.valueOf(e.getMessage())));
        }
    }

    private static JsonNode readBody(HttpExchange exchange) {
        try {
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            return bytes.length == 0 ? Json.object() : Json.MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON", e);
        }
    }

    private CarrierFaults faultsOf(String code) {
        return code.equals("easypost") ? simulator.faults() : simulator.faults(Carrier.ofCode(code));
    }

    private static void faults(CarrierFaults faults, JsonNode body) {
        if (body.has("failNext")) {
            faults.failNext(body.path("failNext").asInt(), body.path("status").asInt(503));
        }
        if (body.has("hangNext")) {
            faults.hangNext(body.path("hangNext").asInt(), Duration.ofMillis(body.path("hangMs").asLong(3000)));
        }
        if (body.has("latencyMs")) {
            faults.latency(Duration.ofMillis(body.path("latencyMs").path(0).asLong()),
                    Duration.ofMillis(body.path("latencyMs").path(1).asLong()));
        }
    }

    private Map<String, Object> advance(String trackingNumber, JsonNode body) {
        if (body.hasNonNull("scenario")) {
            simulator.scenario(trackingNumber, Scenario.valueOf(body.path("scenario").asText()));
        }
        List<EasyPostSimulator.Delivery> deliveries = new ArrayList<>();
        if (body.path("toEnd").asBoolean(false)) {
            deliveries.addAll(simulator.advanceToEnd(trackingNumber));
        } else {
            simulator.advance(trackingNumber).ifPresent(deliveries::add);
        }
        Map<String, Object> answer = describe(simulator.requireParcel(trackingNumber));
        answer.put("deliveries", deliveries);
        return answer;
    }

    private static Map<String, Object> describe(SimulatedParcel parcel) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("carrier", parcel.carrier().code());
        out.put("trackingNumber", parcel.trackingNumber());
        out.put("service", parcel.service());
        out.put("status", parcel.status().name());
        out.put("voided", parcel.voided());
        out.put("events", parcel.events());
        return out;
    }
}
