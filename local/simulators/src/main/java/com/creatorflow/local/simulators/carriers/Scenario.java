package com.creatorflow.local.simulators.carriers;

import com.creatorflow.shared.shipping.domain.TrackingStatus;
import java.util.List;

/** The tracking story a simulated parcel follows after its label is created. */
public enum Scenario {
    /** Accepted, in transit, out for delivery, delivered. */
    DELIVERED(List.of(TrackingStatus.ACCEPTED, TrackingStatus.IN_TRANSIT, TrackingStatus.OUT_FOR_DELIVERY,
            TrackingStatus.DELIVERED)),
    /** Accepted, in transit, then lost. */
    LOST(List.of(TrackingStatus.ACCEPTED, TrackingStatus.IN_TRANSIT, TrackingStatus.LOST)),
    /** Accepted, in transit, then returned to the sender. */
    RETURNED_TO_SENDER(List.of(TrackingStatus.ACCEPTED, TrackingStatus.IN_TRANSIT,
            TrackingStatus.RETURNED_TO_SENDER)),
    /** Accepted, in transit, then stuck on an address problem. */
    ADDRESS_PROBLEM(List.of(TrackingStatus.ACCEPTED, TrackingStatus.IN_TRANSIT, TrackingStatus.ADDRESS_PROBLEM));

    private final List<TrackingStatus> steps;

    Scenario(List<TrackingStatus> steps) {
        this.steps = steps;
    }

    /** The statuses after LABEL_CREATED, in order. */
    public List<TrackingStatus> steps() {
        return steps;
    }
}
