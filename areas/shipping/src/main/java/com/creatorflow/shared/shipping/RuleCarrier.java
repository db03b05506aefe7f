package com.creatorflow.shared.shipping;

import com.creatorflow.shared.error.RuleActionRefused;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.RateStrategy;
import com.creatorflow.shared.shipping.domain.ServiceLevel;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A creator's {@code useCarrier} rule applied to rate shopping: the shipping rules are narrowed to the carrier (and
 * service) the rule names, so the choice and every failover candidate stay within it; the creator's fixed-carrier
 * rules give way to it. A rule the shipping settings cannot honour (a carrier not allowed or not configured here, a
 * service the carrier lacks or the settings exclude) is refused with {@link RuleActionRefused}, for a person to
 * decide, never ignored.
 *
 * @param rules the narrowed shipping rules
 * @param note what the rule imposed, in words (kept in the audit trail with the label)
 */
public record RuleCarrier(ShippingRules rules, String note) {
    /**
     * Narrows the rules, or leaves them as they are when the rule names neither carrier nor service.
     *
     * @param rules the creator's shipping rules
     * @param configured the carriers that can buy labels in this deployment
     * @param carrier the rule's carrier code (any case), or null
     * @param service the rule's service level code (any case), or null
     * @param ruleId the rule that decided, for the messages
     */
    public static RuleCarrier apply(ShippingRules rules, Collection<Carrier> configured, String carrier,
                                    String service, String ruleId) {
        if (carrier == null && service == null) {
            return new RuleCarrier(rules, null);
        }
        String who = "creator rule '" + (ruleId == null ? "?" : ruleId) + "'";
        String serviceCode = service == null ? null : service.toUpperCase(Locale.ROOT);
        List<Carrier> carriers;
        if (carrier != null) {
            String code = carrier.toLowerCase(Locale.ROOT);
            Carrier named = Arrays.stream(Carrier.values()).filter(c -> c.code().equals(code)).findFirst()
                    .orElseThrow(() -> new RuleActionRefused("carrier", who + " says ship with " + carrier
                            + ", which is not a carrier CreatorFlow knows"));
            if (!rules.allows(code)) {
                throw new RuleActionRefused("carrier", who + " says ship with " + code + ", which the shipping "
                        + "settings do not allow (allowed: " + rules.allowedCarriers() + ")");
            }
            if (!configured.contains(named)) {
                throw new RuleActionRefused("carrier", who + " says ship with " + code
                        + ", which is not configured in this deployment");
            }
            if (serviceCode != null) {
                Optional<ServiceLevel> offered = named.services().stream()
                        .filter(s -> s.code().equals(serviceCode)).findFirst();
                if (offered.isEmpty()) {
                    throw new RuleActionRefused("serviceLevel", who + " says ship " + code + " " + serviceCode
                            + ", a service " + named.displayName() + " does not offer");
                }
                if (!rules.allowsService(code, serviceCode)) {
                    throw new RuleActionRefused("serviceLevel", who + " says ship " + code + " " + serviceCode
                            + ", a service the shipping settings do not allow");
                }
            }
            carriers = List.of(named);
        } else {
            carriers = Arrays.stream(Carrier.values())
                    .filter(c -> rules.allows(c.code()) && configured.contains(c))
                    .filter(c -> c.services().stream().anyMatch(s -> s.code().equals(serviceCode)))
                    .filter(c -> rules.allowsService(c.code(), serviceCode))
                    .toList();
            if (carriers.isEmpty()) {
                throw new RuleActionRefused("serviceLevel", who + " says ship " + serviceCode
                        + ", which no carrier allowed by the shipping settings offers");
            }
        }
        List<String> codes = carriers.stream().map(Carrier::code).toList();
        Map<String, List<String>> services = new LinkedHashMap<>(rules.allowedServices());
        if (serviceCode != null) {
            codes.forEach(code -> services.put(code, List.of(serviceCode)));
        }
        ShippingRules narrowed = new ShippingRules(
                rules.strategy() == RateStrategy.FIXED ? rules.fallback() : rules.strategy(), codes, services,
                rules.failoverOrder().stream().filter(codes::contains).toList(), List.of(), rules.fallback(),
                rules.promiseDays(), rules.maxParcelWeightGrams(), rules.shipFrom(), rules.defaultProfile(),
                rules.packaging(), rules.handlingDays());
        String within = (carrier != null ? codes.get(0) : "carriers " + codes) + (serviceCode != null
                ? " " + serviceCode : "");
        return new RuleCarrier(narrowed, who + " requires " + within + "; the choice and any failover stay within it");
    }
}
