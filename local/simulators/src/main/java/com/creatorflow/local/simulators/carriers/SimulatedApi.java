package com.creatorflow.local.simulators.carriers;

import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.ServiceLevel;
import com.creatorflow.shared.shipping.domain.TrackingStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One carrier's API in the {@link DirectCarrierSimulator}: its token call, routes and error body. What they share is
 * here: the shipment the request describes in our units, the refusals every simulated carrier makes (missing address
 * parts, the undeliverable postal code, an overweight parcel) and prices from the {@link RateCard}.
 */
abstract class SimulatedApi {
    protected final DirectCarrierSimulator simulator;
    protected final Carrier carrier;

    /**
     * One parcel in grams and millimetres.
     *
     * @param grams weight
     * @param lengthMm length
     * @param widthMm width
     * @param heightMm height
     */
    record Piece(int grams, int lengthMm, int widthMm, int heightMm) {
    }

    /**
     * A shipment as a request describes it.
     *
     * @param fromCountry origin country
     * @param toCountry destination country
     * @param toPostalCode destination postal code
     * @param toCity destination city
     * @param toLine destination street line
     * @param pieces the parcels
     */
    record Shipment(String fromCountry, String toCountry, String toPostalCode, String toCity, String toLine,
                    List<Piece> pieces) {
        String destination() {
            return toCity + ", " + toCountry;
        }
    }

    /**
     * Why a request is refused.
     *
     * @param parameter the carrier's name of the offending field
     * @param message the carrier's words
     */
    record Refusal(String parameter, String message) {
    }

    SimulatedApi(DirectCarrierSimulator simulator, Carrier carrier) {
        this.simulator = simulator;
        this.carrier = carrier;
    }

    /** The {@code CARRIER_<CODE>_PROTOCOL} value of the adapter that speaks this API. */
    abstract String protocol();

    /** How long the carrier's tokens live. */
    abstract Duration defaultTokenLifetime();

    abstract boolean isTokenCall(SimExchange exchange);

    abstract void token(SimExchange exchange) throws IOException;

    abstract void serve(SimExchange exchange) throws IOException;

    /** The carrier's error body. */
    abstract byte[] problemBody(String code, String message, String parameter);

    /** The carrier's answer to a missing, expired or unknown token. */
    abstract void unauthorized(SimExchange exchange) throws IOException;

    void problem(SimExchange exchange, int status, String code, String message, String parameter)
            throws IOException {
        exchange.send(status, "application/json", problemBody(code, message, parameter), Map.of());
    }

    /** Posts the carrier's webhook for an event when it has one and the parcel is subscribed. */
    EasyPostSimulator.Delivery deliver(SimulatedParcel parcel, Map<String, Object> event, String[] subscription) {
        return new EasyPostSimulator.Delivery(parcel.trackingNumber(), event, 0);
    }

    /** The refusal every simulated carrier makes, with the carrier's parameter names for street, postal code, weight. */
    Optional<Refusal> refusal(Shipment shipment, String line, String postalCode, String city, String weight) {
        if (blank(shipment.toLine())) {
            return Optional.of(new Refusal(line, "The ship to address line is missing"));
        }
        if (blank(shipment.toCity())) {
            return Optional.of(new Refusal(city, "The ship to city is missing"));
        }
        if (blank(shipment.toPostalCode())) {
            return Optional.of(new Refusal(postalCode, "The ship to postal code is missing"));
        }
        if (EasyPostSimulator.UNDELIVERABLE_POSTAL_CODE.equals(shipment.toPostalCode())) {
            return Optional.of(new Refusal(postalCode, "The ship to postal code is not a deliverable address"));
        }
        for (Piece piece : shipment.pieces()) {
            if (piece.grams() > carrier.maxWeightGrams()) {
                return Optional.of(new Refusal(weight, "The package weight exceeds the maximum of "
                        + carrier.maxWeightGrams() / 1000 + " kg"));
            }
        }
        if (shipment.pieces().isEmpty()) {
            return Optional.of(new Refusal(weight, "No packages in the request"));
        }
        return Optional.empty();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** The services offered for a shipment. */
    List<ServiceLevel> services(Shipment shipment) {
        return carrier.servicesFor(shipment.fromCountry(), shipment.toCountry());
    }

    /** A shipment's price for a service, in dollars (or the origin's currency). */
    BigDecimal price(ServiceLevel service, Shipment shipment) {
        long minor = 0;
        for (Piece piece : shipment.pieces()) {
            minor += RateCard.price(carrier, service, piece.grams(), piece.lengthMm(), piece.widthMm(),
                    piece.heightMm());
        }
        return BigDecimal.valueOf(minor, 2);
    }

    LocalDate today() {
        return LocalDate.ofInstant(simulator.clock.instant(), ZoneOffset.UTC);
    }

    /** Our status of a simulated event ({@link SimulatedParcel} events carry the codes of {@link Carrier}). */
    TrackingStatus status(Map<String, Object> event) {
        return carrier.statusOf(SimulatedParcel.code(event)).orElseThrow();
    }

    static int grams(BigDecimal value, String unit) {
        String u = unit == null ? "" : unit.toUpperCase(java.util.Locale.ROOT);
        BigDecimal grams = u.startsWith("LB") ? value.multiply(new BigDecimal("453.59237"))
                : u.startsWith("KG") ? value.multiply(BigDecimal.valueOf(1000))
                : u.startsWith("OZ") ? value.multiply(new BigDecimal("28.349523125")) : value;
        return grams.setScale(0, RoundingMode.HALF_UP).intValue();
    }

    static int millimetres(BigDecimal value, String unit) {
        String u = unit == null ? "" : unit.toUpperCase(java.util.Locale.ROOT);
        BigDecimal mm = u.startsWith("IN") ? value.multiply(new BigDecimal("25.4"))
                : u.startsWith("CM") ? value.multiply(BigDecimal.TEN) : value;
        return mm.setScale(0, RoundingMode.HALF_UP).intValue();
    }

    static BigDecimal decimal(com.fasterxml.jackson.databind.JsonNode node) {
        try {
            return node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText("0"));
        } catch (NumberFormatException e) {
            return BigDecimal.ZERO;
        }
    }
}
