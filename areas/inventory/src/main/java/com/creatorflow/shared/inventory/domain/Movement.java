package com.creatorflow.shared.inventory.domain;

import java.time.Instant;

/**
 * One recorded change of a SKU's stock at a location; a SKU's movements add up to its on-hand and reserved units.
 *
 * @param id unique id of the movement
 * @param sku the seller SKU
 * @param location the location whose stock moved
 * @param kind why it moved
 * @param onHandDelta change of on-hand units
 * @param reservedDelta change of reserved units
 * @param orderId the order it was for, when there is one
 * @param reason the reason given (adjustments) or recorded (releases)
 * @param actor who or what moved it
 * @param at when
 */
public record Movement(String id, String sku, String location, MovementKind kind, long onHandDelta,
                       long reservedDelta, String orderId, String reason, String actor, Instant at) {
}
