package com.creatorflow.shared.shipping.domain;

import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.Parcel;
import com.creatorflow.shared.shipping.domain.RateQuote;
import java.time.LocalDate;
import java.util.List;

/**
 * One way to ship: a carrier's quoted service with the parcels packed for that carrier.
 *
 * @param carrier the carrier
 * @param service the service code
 * @param amount the quoted price for every parcel together
 * @param transitDays the quoted days in transit
 * @param estimatedDelivery the quoted delivery date
 * @param promiseMet true when it arrives by the promised date
 * @param parcels the parcels, packed within this carrier's limits
 */
public record Candidate(Carrier carrier, String service, Money amount, int transitDays, LocalDate estimatedDelivery,
                        boolean promiseMet, List<Parcel> parcels) {
    public Candidate {
        parcels = List.copyOf(parcels);
    }

    /** A quote as a candidate, judged against the promised date. */
    public static Candidate of(RateQuote quote, List<Parcel> parcels, LocalDate promisedBy) {
        return new Candidate(quote.carrier(), quote.service(), quote.amount(), quote.transitDays(),
                quote.estimatedDelivery(), !quote.estimatedDelivery().isAfter(promisedBy), parcels);
    }
}
