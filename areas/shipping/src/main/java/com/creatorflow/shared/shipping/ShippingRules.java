package com.creatorflow.shared.shipping;

import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.shipping.domain.FixedCarrierRule;
import com.creatorflow.shared.shipping.domain.PackagingPreset;
import com.creatorflow.shared.shipping.domain.RateStrategy;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import java.util.List;
import java.util.Map;

/**
 * A creator's shipping rules, as the workflow applies them (from {@link ShippingSettings}, or an older rules item).
 *
 * @param strategy how to choose
 * @param allowedCarriers carrier codes the creator ships with (empty: every configured carrier)
 * @param allowedServices per carrier code, the services allowed (a carrier absent or empty: all its services)
 * @param failoverOrder carrier codes to try, in order, when the chosen one is down (empty: the strategy's ranking)
 * @param fixed fixed carriers per SKU/region (used by {@link RateStrategy#FIXED}, first match wins)
 * @param fallback the strategy when no fixed rule matches
 * @param promiseDays days from payment within which the buyer was promised delivery
 * @param maxParcelWeightGrams the creator's heaviest box (0: only the carriers' limits apply)
 * @param shipFrom the creator's ship-from address (printed on labels)
 * @param defaultProfile measures for SKUs without a profile (null: such SKUs cannot be shipped)
 * @param packaging the creator's boxes (empty: boxes made to measure)
 * @param handlingDays days between buying a label and handing the parcel to the carrier
 */
public record ShippingRules(RateStrategy strategy, List<String> allowedCarriers,
                            Map<String, List<String>> allowedServices, List<String> failoverOrder,
                            List<FixedCarrierRule> fixed, RateStrategy fallback, int promiseDays,
                            int maxParcelWeightGrams, Address shipFrom, SkuProfile defaultProfile,
                            List<PackagingPreset> packaging, int handlingDays) {
    /** Days of delivery promise when a creator sets none. */
    public static final int DEFAULT_PROMISE_DAYS = 5;

    public ShippingRules {
        strategy = strategy == null ? RateStrategy.CHEAPEST : strategy;
        allowedCarriers = allowedCarriers == null ? List.of() : List.copyOf(allowedCarriers);
        allowedServices = allowedServices == null ? Map.of() : Map.copyOf(allowedServices);
        failoverOrder = failoverOrder == null ? List.of() : List.copyOf(failoverOrder);
        fixed = fixed == null ? List.of() : List.copyOf(fixed);
        fallback = fallback == null || fallback == RateStrategy.FIXED ? RateStrategy.CHEAPEST : fallback;
        promiseDays = promiseDays <= 0 ? DEFAULT_PROMISE_DAYS : promiseDays;
        packaging = packaging == null ? List.of() : List.copyOf(packaging);
        handlingDays = Math.max(0, handlingDays);
    }

    /** Rules without service limits, packaging presets or handling time. */
    public ShippingRules(RateStrategy strategy, List<String> allowedCarriers, List<String> failoverOrder,
                         List<FixedCarrierRule> fixed, RateStrategy fallback, int promiseDays,
                         int maxParcelWeightGrams, Address shipFrom, SkuProfile defaultProfile) {
        this(strategy, allowedCarriers, Map.of(), failoverOrder, fixed, fallback, promiseDays, maxParcelWeightGrams,
                shipFrom, defaultProfile, List.of(), 0);
    }

    /** Cheapest over every carrier, from an address. */
    public static ShippingRules cheapestFrom(Address shipFrom) {
        return new ShippingRules(RateStrategy.CHEAPEST, List.of(), List.of(), List.of(), null, 0, 0, shipFrom, null);
    }

    /** True when the creator allows a carrier. */
    public boolean allows(String carrierCode) {
        return allowedCarriers.isEmpty() || allowedCarriers.contains(carrierCode);
    }

    /** True when the creator allows a carrier's service (every service when none are listed for the carrier). */
    public boolean allowsService(String carrierCode, String service) {
        List<String> services = allowedServices.get(carrierCode);
        return services == null || services.isEmpty() || services.contains(service);
    }
}
