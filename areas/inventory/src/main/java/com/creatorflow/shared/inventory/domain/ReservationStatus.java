package com.creatorflow.shared.inventory.domain;

/** Where an order's reservation is. */
public enum ReservationStatus {
    /** Being written in several transactions (an order too large for one); not yet usable. */
    PENDING,
    /** Units are reserved for the order. */
    HELD,
    /** Released because the order was cancelled (also written as a marker when nothing was held). Final. */
    RELEASED,
    /** Released because it expired or was rolled back; the order may reserve again. */
    EXPIRED,
    /** The units left with the shipment (on hand decremented). */
    COMMITTED,
    /** Returned units were put back on hand. Final. */
    RESTOCKED
}
