package com.creatorflow.shared.shipping.domain;

/**
 * One of a carrier's services.
 *
 * @param code our stable service code ({@code GROUND_ADVANTAGE})
 * @param name the carrier's marketing name
 * @param minDays fewest business days in transit
 * @param maxDays most business days in transit (the promise check uses it)
 * @param international true for cross-border services, false for domestic ones
 * @param trackingHint the part of a tracking number that names the service, where the carrier encodes one
 */
public record ServiceLevel(String code, String name, int minDays, int maxDays, boolean international,
                           String trackingHint) {
    static ServiceLevel domestic(String code, String name, int minDays, int maxDays, String hint) {
        return new ServiceLevel(code, name, minDays, maxDays, false, hint);
    }

    static ServiceLevel international(String code, String name, int minDays, int maxDays, String hint) {
        return new ServiceLevel(code, name, minDays, maxDays, true, hint);
    }
}
