package com.creatorflow.shared.shipping;

import com.creatorflow.shared.order.ShipTo;
import com.creatorflow.shared.shipping.domain.Candidate;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierChoice;
import com.creatorflow.shared.shipping.domain.FixedCarrierRule;
import com.creatorflow.shared.shipping.domain.RateStrategy;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ranks quoted candidates by a creator's rules. Pure: the same quotes and rules always give the same order.
 *
 * <ul>
 *   <li>{@code CHEAPEST}: lowest price, then fewer days, then earlier delivery;</li>
 *   <li>{@code FASTEST_WITHIN_PROMISE}: candidates that meet the promised date first, earliest delivery among them,
 *   then fewer days, then lower price; when none meets it the fastest overall wins and the reason says so;</li>
 *   <li>{@code FIXED}: the first fixed rule matching the shipment's SKUs and destination names the carrier (and maybe
 *   the service); its best candidate under the fallback strategy comes first; no match uses the fallback.</li>
 * </ul>
 * After the choice come the best candidate of every other carrier, ordered by the creator's failover order when set,
 * else by the same ranking: that is the order CreateLabel tries when a carrier is down.
 */
public final class RateSelection {
    private RateSelection() {
    }

    /** Ranks the candidates; empty input gives an empty choice list. */
    public static CarrierChoice rank(List<Candidate> quotes, ShippingRules rules, Collection<String> skus,
                                     ShipTo destination, LocalDate promisedBy, Map<String, String> unavailable) {
        RateStrategy strategy = rules.strategy();
        Optional<FixedCarrierRule> fixed = strategy == RateStrategy.FIXED
                ? rules.fixed().stream().filter(r -> r.matches(skus, destination)).findFirst() : Optional.empty();
        RateStrategy ranking = strategy == RateStrategy.FIXED ? rules.fallback() : strategy;
        List<Candidate> ranked = new ArrayList<>(quotes);
        ranked.sort(comparator(ranking));
        if (ranked.isEmpty()) {
            return new CarrierChoice(strategy, "no carrier quoted", List.of(), unavailable);
        }

        Candidate first = ranked.get(0);
        String reason = reason(ranking, ranked, promisedBy);
        if (fixed.isPresent()) {
            FixedCarrierRule rule = fixed.get();
            Optional<Candidate> pinned = ranked.stream()
                    .filter(c -> c.carrier().code().equals(rule.carrier()))
                    .filter(c -> rule.service() == null || c.service().equals(rule.service()))
                    .findFirst();
            if (pinned.isPresent()) {
                first = pinned.get();
                reason = "fixed rule " + describe(rule) + " chose " + first.carrier().code() + " " + first.service();
            } else {
                reason = "fixed rule " + describe(rule) + " names " + rule.carrier() + ", which gave no quote; "
                        + reason;
            }
        } else if (strategy == RateStrategy.FIXED) {
            reason = "no fixed rule matched; " + reason;
        }

        Map<Carrier, Candidate> bestPerCarrier = new LinkedHashMap<>();
        for (Candidate candidate : ranked) {
            if (candidate.carrier() != first.carrier()) {
                bestPerCarrier.putIfAbsent(candidate.carrier(), candidate);
            }
        }
        List<Candidate> failover = new ArrayList<>(bestPerCarrier.values());
        if (!rules.failoverOrder().isEmpty()) {
            failover.sort(Comparator.comparingInt(c -> {
                int index = rules.failoverOrder().indexOf(c.carrier().code());
                return index < 0 ? Integer.MAX_VALUE : index;
            }));
        }
        List<Candidate> ordered = new ArrayList<>();
        ordered.add(first);
        ordered.addAll(failover);
        return new CarrierChoice(strategy, reason, ordered, unavailable);
    }

    private static Comparator<Candidate> comparator(RateStrategy strategy) {
        Comparator<Candidate> tieBreak = Comparator.comparing((Candidate c) -> c.carrier().ordinal())
                .thenComparing(Candidate::service);
        if (strategy == RateStrategy.FASTEST_WITHIN_PROMISE) {
            return Comparator.comparing((Candidate c) -> !c.promiseMet())
                    .thenComparing(Candidate::estimatedDelivery)
                    .thenComparingInt(Candidate::transitDays)
                    .thenComparingLong(c -> c.amount().minor())
                    .thenComparing(tieBreak);
        }
        return Comparator.comparingLong((Candidate c) -> c.amount().minor())
                .thenComparingInt(Candidate::transitDays)
                .thenComparing(Candidate::estimatedDelivery)
                .thenComparing(tieBreak);
    }

    private static String reason(RateStrategy ranking, List<Candidate> ranked, LocalDate promisedBy) {
        Candidate first = ranked.get(0);
        String what = first.carrier().code() + " " + first.service() + " at " + first.amount();
        if (ranking == RateStrategy.FASTEST_WITHIN_PROMISE) {
            return first.promiseMet()
                    ? "fastest of " + ranked.size() + " quotes delivering by " + promisedBy + ": " + what
                    : "no quote delivers by " + promisedBy + "; fastest of " + ranked.size() + ": " + what;
        }
        return "cheapest of " + ranked.size() + " quotes: " + what;
    }

    private static String describe(FixedCarrierRule rule) {
        List<String> parts = new ArrayList<>();
        if (rule.sku() != null) {
            parts.add("sku=" + rule.sku());
        }
        if (rule.country() != null) {
            parts.add("country=" + rule.country());
        }
        if (rule.region() != null) {
            parts.add("region=" + rule.region());
        }
        return "(" + String.join(", ", parts) + ")";
    }
}
