package com.creatorflow.shared.inventory.domain;

import java.util.Optional;
import java.util.regex.Pattern;

/** The rules for SKUs and location codes that the API and the CSV import accept. */
public final class InventoryInput {
    /** The location used when none is named. */
    public static final String DEFAULT_LOCATION = "default";
    /** The largest on-hand count or adjustment accepted. */
    public static final long MAX_UNITS = 1_000_000_000L;
    private static final Pattern LOCATION = Pattern.compile("[A-Za-z0-9._-]{1,40}");
    private static final int MAX_SKU = 100;

    private InventoryInput() {
    }

    /** Why a SKU is refused, or empty when it is fine. */
    public static Optional<String> skuProblem(String sku) {
        if (sku == null || sku.isBlank()) {
            return Optional.of("sku is required");
        }
        if (sku.length() > MAX_SKU) {
            return Optional.of("sku must be at most " + MAX_SKU + " characters");
        }
        if (!sku.equals(sku.strip()) || sku.chars().anyMatch(c -> c == '#' || Character.isISOControl(c))) {
            return Optional.of("sku must not contain '#', control characters or surrounding spaces");
        }
        return Optional.empty();
    }

    /** Why a location code is refused, or empty when it is fine. */
    public static Optional<String> locationProblem(String location) {
        if (location == null || !LOCATION.matcher(location).matches()) {
            return Optional.of("location must be 1-40 letters, digits, '.', '_' or '-'");
        }
        return Optional.empty();
    }
}
