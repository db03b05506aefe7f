package com.creatorflow.shared.shipping.domain;

/**
 * What a carrier says about a parcel, in our words. Normal statuses are ranked (a parcel only moves forward); the
 * three exceptions need a person.
 */
public enum TrackingStatus {
    LABEL_CREATED(0, false),
    ACCEPTED(1, false),
    IN_TRANSIT(2, false),
    OUT_FOR_DELIVERY(3, false),
    DELIVERED(4, false),
    LOST(5, true),
    RETURNED_TO_SENDER(5, true),
    ADDRESS_PROBLEM(5, true);

    private final int rank;
    private final boolean exception;

    TrackingStatus(int rank, boolean exception) {
        this.rank = rank;
        this.exception = exception;
    }

    /** Progress order of normal statuses; exceptions rank above them. */
    public int rank() {
        return rank;
    }

    /** True for lost, returned to sender and address problems. */
    public boolean isException() {
        return exception;
    }

    /** The package status an order keeps for this tracking status. */
    public String packageStatus() {
        return switch (this) {
            case LABEL_CREATED -> "LABELED";
            case ACCEPTED, IN_TRANSIT, OUT_FOR_DELIVERY -> "IN_TRANSIT";
            case DELIVERED -> "DELIVERED";
            case LOST, RETURNED_TO_SENDER, ADDRESS_PROBLEM -> "EXCEPTION";
        };
    }
}
