package com.creatorflow.shared.shipping.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/**
 * The outcome of rate shopping: the candidates in the order to try them (the first is the choice, then one per other
 * carrier for failover), why, and which carriers could not quote.
 *
 * @param strategy the strategy that decided
 * @param reason the decision in words (kept in the audit trail)
 * @param candidates the chosen candidate first, then the failover order
 * @param unavailable carrier code to why it gave no quote
 */
public record CarrierChoice(RateStrategy strategy, String reason, List<Candidate> candidates,
                            Map<String, String> unavailable) {
    public CarrierChoice {
        candidates = List.copyOf(candidates);
        unavailable = unavailable == null ? Map.of() : Map.copyOf(unavailable);
    }

    /** The chosen candidate. */
    @JsonIgnore
    public Candidate chosen() {
        return candidates.get(0);
    }
}
