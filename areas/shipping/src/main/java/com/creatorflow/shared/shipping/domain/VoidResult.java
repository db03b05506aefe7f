package com.creatorflow.shared.shipping.domain;

import java.util.List;

/**
 * What VoidLabel did.
 *
 * @param orderId the order
 * @param voided tracking numbers voided now
 * @param alreadyVoided tracking numbers voided before (a repeated step)
 */
public record VoidResult(String orderId, List<String> voided, List<String> alreadyVoided) {
}
