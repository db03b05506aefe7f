package com.creatorflow.shared.order;

/**
 * Everything personal about an order, kept together so that it is encrypted at rest as one AES-256-GCM blob.
 *
 * @param buyer the buyer
 * @param shippingAddress where the order goes
 */
public record Pii(Buyer buyer, Address shippingAddress) {
}
