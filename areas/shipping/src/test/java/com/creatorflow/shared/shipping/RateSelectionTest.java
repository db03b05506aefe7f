package com.creatorflow.shared.shipping;

import com.creatorflow.shared.shipping.domain.Candidate;
import com.creatorflow.shared.shipping.domain.CarrierChoice;
import com.creatorflow.shared.shipping.domain.FixedCarrierRule;
import com.creatorflow.shared.shipping.domain.RateStrategy;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.order.ShipTo;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.Parcel;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RateSelectionTest {
    private static final LocalDate PROMISED = LocalDate.parse("2026-12-01");
    private static final List<Parcel> PARCELS = List.of(new Parcel(600, 320, 270, 81, List.of("1")));
    private static final ShipTo LA = new ShipTo("US", "CA", "Los Angeles", "900");
    private static final ShipTo NYC = new ShipTo("US", "NY", "New York", "100");

    private static Candidate quote(Carrier carrier, String service, String price, String delivery) {
        LocalDate date = LocalDate.parse(delivery);
        return new Candidate(carrier, service, Money.parse(price, "USD"), (int) (date.toEpochDay()
                - LocalDate.parse("2026-11-26").toEpochDay()), date, !date.isAfter(PROMISED), PARCELS);
    }

    private final List<Candidate> quotes = List.of(
            quote(Carrier.USPS, "GROUND_ADVANTAGE", "6.10", "2026-12-02"),
            quote(Carrier.USPS, "PRIORITY_MAIL", "9.40", "2026-11-29"),
            quote(Carrier.UPS, "GROUND", "8.75", "2026-11-30"),
            quote(Carrier.UPS, "NEXT_DAY_AIR", "31.00", "2026-11-27"),
            quote(Carrier.FEDEX, "GROUND", "8.20", "2026-12-01"),
            quote(Carrier.ONTRAC, "GROUND", "6.10", "2026-11-28"));

    private static ShippingRules rules(RateStrategy strategy, List<FixedCarrierRule> fixed, List<String> failover) {
        return new ShippingRules(strategy, null, failover, fixed, RateStrategy.CHEAPEST, 0, 0, null, null);
    }

    @Test
    void cheapestTakesTheLowestPriceAndBreaksTiesBySpeed() {
        CarrierChoice choice = RateSelection.rank(quotes, rules(RateStrategy.CHEAPEST, null, null), Set.of("A"), LA,
                PROMISED, Map.of());
        assertThat(choice.chosen().carrier()).isEqualTo(Carrier.ONTRAC);
        assertThat(choice.reason()).startsWith("cheapest of 6 quotes");
        assertThat(choice.candidates()).extracting(Candidate::carrier)
                .containsExactly(Carrier.ONTRAC, Carrier.USPS, Carrier.FEDEX, Carrier.UPS);
        assertThat(choice.candidates().get(1).service()).isEqualTo("GROUND_ADVANTAGE");
    }

    @Test
    void fastestWithinPromisePrefersMeetingThePromiseThenSpeedThenPrice() {
        CarrierChoice choice = RateSelection.rank(quotes, rules(RateStrategy.FASTEST_WITHIN_PROMISE, null, null),
                Set.of("A"), LA, PROMISED, Map.of());
        assertThat(choice.chosen().service()).isEqualTo("NEXT_DAY_AIR");
        assertThat(choice.chosen().promiseMet()).isTrue();

        List<Candidate> late = List.of(quote(Carrier.USPS, "GROUND_ADVANTAGE", "6.10", "2026-12-05"),
                quote(Carrier.FEDEX, "GROUND", "8.20", "2026-12-03"));
        CarrierChoice none = RateSelection.rank(late, rules(RateStrategy.FASTEST_WITHIN_PROMISE, null, null),
                Set.of("A"), LA, PROMISED, Map.of());
        assertThat(none.chosen().carrier()).isEqualTo(Carrier.FEDEX);
        assertThat(none.reason()).startsWith("no quote delivers by 2026-12-01");
    }

    @Test
    void fixedRulesPinByRegionOrSkuAndFallBackOtherwise() {
        List<FixedCarrierRule> fixed = List.of(
                new FixedCarrierRule("GLASS-MUG", null, null, "fedex", null),
                new FixedCarrierRule(null, "US", "NY", "ups", "GROUND"));
        ShippingRules rules = rules(RateStrategy.FIXED, fixed, null);

        CarrierChoice ny = RateSelection.rank(quotes, rules, Set.of("TEE"), NYC, PROMISED, Map.of());
        assertThat(ny.chosen().carrier()).isEqualTo(Carrier.UPS);
        assertThat(ny.chosen().service()).isEqualTo("GROUND");
        assertThat(ny.reason()).contains("region=NY");

        CarrierChoice mug = RateSelection.rank(quotes, rules, Set.of("GLASS-MUG", "TEE"), NYC, PROMISED, Map.of());
        assertThat(mug.chosen().carrier()).isEqualTo(Carrier.FEDEX);

        CarrierChoice la = RateSelection.rank(quotes, rules, Set.of("TEE"), LA, PROMISED, Map.of());
        assertThat(la.chosen().carrier()).isEqualTo(Carrier.ONTRAC);
        assertThat(la.reason()).startsWith("no fixed rule matched");
    }

    @Test
    void theFailoverOrderDecidesWhoIsNextAfterTheChoice() {
        CarrierChoice choice = RateSelection.rank(quotes, rules(RateStrategy.CHEAPEST, null, List.of("ups", "fedex")),
                Set.of("A"), LA, PROMISED, Map.of());
        assertThat(choice.candidates()).extracting(Candidate::carrier)
                .containsExactly(Carrier.ONTRAC, Carrier.UPS, Carrier.FEDEX, Carrier.USPS);
    }
}
