package com.creatorflow.shared.inventory.domain;

/** Why a SKU's stock moved. Every change of on-hand or reserved units is recorded as one movement. */
public enum MovementKind {
    /** Units promised to an order (reserved up, available down). */
    RESERVE,
    /** A promise withdrawn: order cancelled, reservation expired or rolled back (reserved down, available up). */
    RELEASE,
    /** Reserved units left with a shipment (on hand and reserved down). */
    COMMIT,
    /** Returned units put back on the shelf (on hand and available up). */
    RESTOCK,
    /** A person changed the on-hand count by a delta, with a reason. */
    ADJUST,
    /** A stock count from a CSV import set the on-hand count. */
    COUNT
}
