package com.creatorflow.shared.shipping.domain;

import com.creatorflow.shared.order.Address;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One of a creator's ship-from addresses; the default one is printed on labels and quoted from.
 *
 * @param id the creator's name for it (letters, digits, {@code -} and {@code _})
 * @param isDefault true for the one address labels use (JSON {@code default})
 * @param address the address (name, street, city, region, postal code, country; phone optional)
 */
public record ShipFromAddress(String id, @JsonProperty("default") boolean isDefault, Address address) {
}
