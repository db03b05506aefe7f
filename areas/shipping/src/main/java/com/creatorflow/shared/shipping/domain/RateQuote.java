package com.creatorflow.shared.shipping.domain;

import com.creatorflow.shared.order.Money;
import java.time.LocalDate;

/**
 * A carrier's price and promise for one service on one shipment (all its parcels).
 *
 * @param carrier the carrier
 * @param service our service code
 * @param amount the total price
 * @param transitDays business days in transit the carrier estimates
 * @param estimatedDelivery the delivery date the carrier estimates
 */
public record RateQuote(Carrier carrier, String service, Money amount, int transitDays, LocalDate estimatedDelivery) {
}
