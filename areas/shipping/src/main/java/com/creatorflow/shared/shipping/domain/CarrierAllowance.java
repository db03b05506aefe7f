package com.creatorflow.shared.shipping.domain;

import java.util.List;

/**
 * A carrier the creator ships with, and which of its services.
 *
 * @param carrier the carrier code ({@code usps}, {@code ups}, ...)
 * @param services the allowed service codes (empty: every service of the carrier)
 */
public record CarrierAllowance(String carrier, List<String> services) {
    public CarrierAllowance {
        services = services == null ? List.of() : List.copyOf(services);
    }
}
