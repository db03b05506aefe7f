package com.creatorflow.local.simulators.carriers;

import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.EasyPostCarriers;
import com.creatorflow.shared.shipping.domain.TrackingStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One labelled parcel at a carrier simulated behind EasyPost: its tracking details so far (EasyPost's
 * {@code status}, {@code status_detail}, {@code datetime}, location; the carrier's own code as {@code carrier_code})
 * and the scenario its next events follow.
 * Synchronised: tests and HTTP calls may advance it concurrently.
 */
public final class SimulatedParcel {
    private final Carrier carrier;
    private final String trackingNumber;
    private final String shipmentId;
    private final String service;
    private final String destination;
    private final List<Map<String, Object>> events = new ArrayList<>();
    private Scenario scenario = Scenario.DELIVERED;
    private int step;
    private boolean voided;

    SimulatedParcel(Carrier carrier, String trackingNumber, String shipmentId, String service, String destination,
                    Instant createdAt) {
        this.carrier = carrier;
        this.trackingNumber = trackingNumber;
        this.shipmentId = shipmentId;
        this.service = service;
        this.destination = destination;
        record(TrackingStatus.LABEL_CREATED, createdAt, "Shipping label created");
    }

    /** The carrier. */
    public Carrier carrier() {
        return carrier;
    }

    /** The tracking number. */
    public String trackingNumber() {
        return trackingNumber;
    }

    /** The carrier's shipment id. */
    public String shipmentId() {
        return shipmentId;
    }

    /** The service. */
    public String service() {
        return service;
    }

    /** True once voided. */
    public synchronized boolean voided() {
        return voided;
    }

    /** The last status. */
    public synchronized TrackingStatus status() {
        return step == 0 ? TrackingStatus.LABEL_CREATED : scenario.steps().get(step - 1);
    }

    /** The events so far, oldest first, as EasyPost's {@code tracking_details}. */
    public synchronized List<Map<String, Object>> events() {
        return List.copyOf(events);
    }

    synchronized void scenario(Scenario next) {
        scenario = next;
    }

    /** Voids the label; false when the parcel is already in the network. */
    synchronized boolean voidLabel() {
        if (step > 0) {
            return false;
        }
        voided = true;
        return true;
    }

    /** Moves to the next status of the scenario; empty at the end or when voided. */
    synchronized Optional<Map<String, Object>> advance(Instant now) {
        if (voided || step >= scenario.steps().size()) {
            return Optional.empty();
        }
        TrackingStatus next = scenario.steps().get(step++);
        Instant last = Instant.parse(String.valueOf(events.get(events.size() - 1).get("datetime")));
        Instant at = now.isAfter(last) ? now : last.plusSeconds(1);
        return Optional.of(record(next, at, describe(next)));
    }

    private Map<String, Object> record(TrackingStatus status, Instant at, String description) {
        String[] easyPost = EasyPostCarriers.statusOf(status);
        Map<String, Object> location = new LinkedHashMap<>();
        location.put("object", "TrackingLocation");
        location.put("city", status == TrackingStatus.LABEL_CREATED ? null : destination.split(", ")[0]);
        location.put("country", destination.substring(destination.lastIndexOf(", ") + 2));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("object", "TrackingDetail");
        event.put("message", description);
        event.put("description", description);
        event.put("status", easyPost[0]);
        event.put("status_detail", easyPost[1]);
        event.put("datetime", at.toString());
        event.put("source", EasyPostCarriers.name(carrier));
        event.put("carrier_code", carrier.nativeCode(status));
        event.put("tracking_location", location);
        events.add(event);
        return event;
    }

    /** When a recorded event happened (the direct carriers' simulators read events in their own shapes). */
    static String occurredAt(Map<String, Object> event) {
        return String.valueOf(event.get("datetime"));
    }

    /** The carrier's own status code of a recorded event. */
    static String code(Map<String, Object> event) {
        return String.valueOf(event.get("carrier_code"));
    }

    /** The city of a recorded event, {@code Shipper} before the carrier has the parcel. */
    @SuppressWarnings("unchecked")
    static String city(Map<String, Object> event) {
        Object city = ((Map<String, Object>) event.get("tracking_location")).get("city");
        return city == null ? "Shipper" : String.valueOf(city);
    }

    private static String describe(TrackingStatus status) {
        return switch (status) {
            case LABEL_CREATED -> "Shipping label created";
            case ACCEPTED -> "Accepted at origin facility";
            case IN_TRANSIT -> "In transit to destination";
            case OUT_FOR_DELIVERY -> "Out for delivery";
            case DELIVERED -> "Delivered, front door";
            case LOST -> "Package could not be located";
            case RETURNED_TO_SENDER -> "Returned to sender";
            case ADDRESS_PROBLEM -> "Delivery exception: address could not be found";
        };
    }
}
