package com.creatorflow.shared.shipping;

import com.creatorflow.shared.shipping.domain.FixedCarrierRule;
import com.creatorflow.shared.shipping.domain.RateStrategy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.error.RuleActionRefused;
import com.creatorflow.shared.shipping.domain.Carrier;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleCarrierTest {
    private static final EnumSet<Carrier> CONFIGURED = EnumSet.allOf(Carrier.class);
    private final ShippingRules settings = new ShippingRules(RateStrategy.FIXED, List.of("usps", "ups", "fedex"),
            Map.of("fedex", List.of("GROUND")), List.of("fedex", "usps", "ups"),
            List.of(new FixedCarrierRule(null, "US", null, "usps", null)), RateStrategy.CHEAPEST, 5, 0, null, null,
            List.of(), 0);

    @Test
    void aRuledCarrierNarrowsTheAllowedCarriersAndFailoverAndOverridesFixedRules() {
        RuleCarrier ruled = RuleCarrier.apply(settings, CONFIGURED, "UPS", "next_day_air", "vip");
        assertThat(ruled.rules().allowedCarriers()).containsExactly("ups");
        assertThat(ruled.rules().failoverOrder()).containsExactly("ups");
        assertThat(ruled.rules().fixed()).isEmpty();
        assertThat(ruled.rules().strategy()).isEqualTo(RateStrategy.CHEAPEST);
        assertThat(ruled.rules().allowsService("ups", "NEXT_DAY_AIR")).isTrue();
        assertThat(ruled.rules().allowsService("ups", "GROUND")).isFalse();
        assertThat(ruled.note()).isEqualTo("creator rule 'vip' requires ups NEXT_DAY_AIR; the choice and any failover "
                + "stay within it");
    }

    @Test
    void aServiceLevelAloneKeepsEveryAllowedCarrierOfferingIt() {
        RuleCarrier ruled = RuleCarrier.apply(settings, CONFIGURED, null, "GROUND", "ground");
        assertThat(ruled.rules().allowedCarriers()).containsExactly("ups", "fedex");
    }

    @Test
    void whatTheSettingsCannotHonourIsRefusedNamingTheRule() {
        assertThatThrownBy(() -> RuleCarrier.apply(settings, CONFIGURED, "dhl-express", null, "r1"))
                .isInstanceOf(RuleActionRefused.class).hasMessageContaining("creator rule 'r1'")
                .hasMessageContaining("do not allow");
        assertThatThrownBy(() -> RuleCarrier.apply(settings, CONFIGURED, "fedex", "TWO_DAY", "r2"))
                .isInstanceOf(RuleActionRefused.class).hasMessageContaining("settings do not allow");
        assertThatThrownBy(() -> RuleCarrier.apply(settings, CONFIGURED, "ups", "WARP", "r3"))
                .isInstanceOf(RuleActionRefused.class).hasMessageContaining("does not offer");
        assertThatThrownBy(() -> RuleCarrier.apply(settings, EnumSet.of(Carrier.USPS), "ups", null, "r4"))
                .isInstanceOf(RuleActionRefused.class).hasMessageContaining("not configured");
        assertThat(RuleCarrier.apply(settings, CONFIGURED, null, null, null).rules()).isSameAs(settings);
    }
}
