package com.creatorflow.shared.shipping.domain;

/** How a creator wants carriers chosen. */
public enum RateStrategy {
    /** The lowest price; ties go to the faster service. */
    CHEAPEST,
    /** The fastest service that still meets the promised delivery date; ties go to the cheaper one. */
    FASTEST_WITHIN_PROMISE,
    /** A carrier (and optionally a service) fixed per SKU and/or destination; the fallback strategy otherwise. */
    FIXED
}
