package com.creatorflow.shared.order;

/**
 * The non-personal part of the destination, kept in clear for routing, rules and analytics.
 *
 * @param country ISO-3166 alpha-2 country code
 * @param region state or province
 * @param city city or town
 * @param postalPrefix the first three characters of the postal code (enough for zones, not for a person)
 */
public record ShipTo(String country, String region, String city, String postalPrefix) {
    /** The routing summary of a full address. */
    public static ShipTo of(Address address) {
        if (address == null) {
            return null;
        }
        String postal = address.postalCode();
        String prefix = postal == null ? null : postal.substring(0, Math.min(3, postal.length()));
        return new ShipTo(address.country(), address.region(), address.city(), prefix);
    }
}
