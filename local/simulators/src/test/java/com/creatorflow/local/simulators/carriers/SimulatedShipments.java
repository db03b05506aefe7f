package com.creatorflow.local.simulators.carriers;

import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.shipping.carrier.easypost.EasyPostCarrierAdapter;
import com.creatorflow.shared.shipping.carrier.easypost.EasyPostClient;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.Parcel;
import com.creatorflow.shared.shipping.domain.ShipmentRequest;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Domestic sample shipments for every carrier's home market, and EasyPost adapters pointed at the simulator. */
final class SimulatedShipments {
    static final Address US_FROM = new Address("Glow Studio", "+1 323 555 0100", "800 Traction Ave", null,
            "Los Angeles", "CA", "90013", "US");
    static final Address US_TO = new Address("Jamie Rivera", "+1 213 555 0142", "1200 Sunset Blvd", "Apt 4",
            "Los Angeles", "CA", "90026", "US");
    static final Address CA_FROM = new Address("Maple Merch", "+1 416 555 0100", "100 Queen St W", null, "Toronto",
            "ON", "M5H 2N2", "CA");
    static final Address CA_TO = new Address("Sam Tremblay", "+1 514 555 0199", "275 Rue Notre-Dame E", null,
            "Montreal", "QC", "H2Y 1C6", "CA");
    static final Address GB_FROM = new Address("Brit Bits Ltd", "+44 20 7946 0000", "1 Shoreditch High St", null,
            "London", null, "E1 6JE", "GB");
    static final Address GB_TO = new Address("Alex Jones", "+44 161 496 0000", "1 Piccadilly", null, "Manchester",
            null, "M1 1AA", "GB");

    private SimulatedShipments() {
    }

    /** A domestic shipment of some parcels in the carrier's home market. */
    static ShipmentRequest domestic(Carrier carrier, int parcels) {
        Address from = carrier.origins().contains("US") ? US_FROM : carrier.origins().contains("CA") ? CA_FROM : GB_FROM;
        Address to = from == US_FROM ? US_TO : from == CA_FROM ? CA_TO : GB_TO;
        String currency = from == US_FROM ? "USD" : from == CA_FROM ? "CAD" : "GBP";
        List<Parcel> boxes = java.util.stream.IntStream.range(0, parcels)
                .mapToObj(i -> new Parcel(700 + 100 * i, 320, 270, 80, List.of("line-" + i))).toList();
        return new ShipmentRequest("tenant-x/order-" + carrier.code(), from, to, boxes, currency);
    }

    /** An adapter for a carrier behind the simulator with short timeouts and quick retries. */
    static EasyPostCarrierAdapter adapter(EasyPostSimulator simulator, Carrier carrier, String apiKeyOverride) {
        return new EasyPostCarrierAdapter(carrier, client(simulator, apiKeyOverride), 2, Duration.ofMillis(10),
                Duration.ofSeconds(30), false, Clock.systemUTC());
    }

    /** A client of the simulator with a 400 ms timeout. */
    static EasyPostClient client(EasyPostSimulator simulator, String apiKeyOverride) {
        return new EasyPostClient(simulator.apiUrl(), apiKeyOverride != null ? apiKeyOverride : simulator.apiKey(),
                simulator.webhookSecret(), Duration.ofMillis(400), HTTP, Clock.systemUTC());
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
}
