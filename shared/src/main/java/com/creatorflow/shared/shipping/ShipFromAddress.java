package com.creatorflow.shared.shipping;

import com.creatorflow.shared.order.Address;

/**
 * One of a creator's ship-from addresses; the default one is printed on labels and quoted from.
 *
 * @param id the creator's name for it (letters, digits, {@code -} and {@code _})
 * @param isDefault true for the one address labels use
 * @param address the address (name, street, city, region, postal code, country; phone optional)
 */
public record ShipFromAddress(String id, boolean isDefault, Address address) {
}
