package com.creatorflow.shared.order;

/**
 * A postal address. Personal data: stored only encrypted (see {@link Pii}).
 *
 * @param name recipient name
 * @param phone recipient phone
 * @param line1 first address line
 * @param line2 second address line
 * @param city city or town
 * @param region state, province or county
 * @param postalCode postal or ZIP code
 * @param country ISO-3166 alpha-2 country code
 */
public record Address(String name, String phone, String line1, String line2, String city, String region,
                      String postalCode, String country) {
}
