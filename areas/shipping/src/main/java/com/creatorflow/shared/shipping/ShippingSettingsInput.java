package com.creatorflow.shared.shipping;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.inventory.domain.InventoryInput;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.CarrierAllowance;
import com.creatorflow.shared.shipping.domain.FixedCarrierRule;
import com.creatorflow.shared.shipping.domain.PackagingPreset;
import com.creatorflow.shared.shipping.domain.RateStrategy;
import com.creatorflow.shared.shipping.domain.ServiceLevel;
import com.creatorflow.shared.shipping.domain.ShipFromAddress;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks the creators' shipping settings and SKU profiles from API bodies; every problem is a
 * {@link ValidationFailed} naming the field ({@code shipFrom[0].address.postalCode}, {@code carriers[1].services[0]}).
 * Only what the workflow carries out is accepted: an unknown field, a carrier this deployment has no endpoint for, a
 * carrier that does not ship from the default address, a service the carrier does not offer, or a label format other
 * than the generated 4x6 PDF is refused rather than stored and ignored.
 */
public final class ShippingSettingsInput {
    /** The fields a settings body may have. */
    public static final Set<String> SETTINGS_FIELDS = Set.of("basedOnVersion", "shipFrom", "carriers", "strategy",
            "fallback", "fixed", "failoverOrder", "promiseDays", "maxParcelWeightGrams", "packaging", "labelFormat",
            "handlingDays", "holdWindowSeconds", "defaultProfile", "tiktokHandover");
    /** The fields a SKU profile body may have. */
    public static final Set<String> PROFILE_FIELDS = Set.of("basedOnVersion", "weightGrams", "lengthMm", "widthMm",
            "heightMm", "hsCode", "shipsAlone");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern HS_CODE = Pattern.compile("\\d{4}(\\.?\\d{2}){1,3}");
    private static final Map<String, Pattern> POSTAL_CODES = Map.of(
            "US", Pattern.compile("\\d{5}(-\\d{4})?"),
            "CA", Pattern.compile("[A-Za-z]\\d[A-Za-z] ?\\d[A-Za-z]\\d"),
            "GB", Pattern.compile("[A-Za-z]{1,2}\\d[A-Za-z\\d]? ?\\d[A-Za-z]{2}"));
    /** The longest side a parcel may have with any carrier we know (mm). */
    static final int MAX_MM = 3_000;
    /** The heaviest parcel any carrier we know takes (g). */
    static final int MAX_GRAMS = 150_000;

    private final Set<Carrier> configured;

    /** @param configured the carriers this deployment has an endpoint for */
    public ShippingSettingsInput(Set<Carrier> configured) {
        this.configured = Set.copyOf(configured);
    }

    /** The {@code basedOnVersion} of a body, or null when it names none. */
    public static Long basedOn(JsonNode body) {
        JsonNode node = body.get("basedOnVersion");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0) {
            throw new ValidationFailed("basedOnVersion", "basedOnVersion must be a version number (0 or more)");
        }
        return node.asLong();
    }

    /** Reads a settings body for a tenant. */
    public ShippingSettings settings(String tenantId, JsonNode body) {
        requireObject(body, "body");
        onlyKnown(body, SETTINGS_FIELDS, "");
        List<ShipFromAddress> shipFrom = shipFrom(body.get("shipFrom"));
        String origin = shipFrom.stream().filter(ShipFromAddress::isDefault).findFirst()
                .map(a -> a.address().country()).orElse(null);
        List<CarrierAllowance> carriers = carriers(body.get("carriers"), origin);
        Set<String> allowed = new HashSet<>();
        carriers.forEach(c -> allowed.add(c.carrier()));
        RateStrategy strategy = strategy(body, "strategy", true);
        RateStrategy fallback = strategy(body, "fallback", false);
        List<FixedCarrierRule> fixed = fixed(body.get("fixed"), allowed);
        if (strategy == RateStrategy.FIXED && fixed.isEmpty()) {
            throw new ValidationFailed("fixed", "the FIXED strategy needs at least one fixed carrier rule");
        }
        List<String> failover = failover(body.get("failoverOrder"), allowed);
        String labelFormat = text(body, "labelFormat", false, 20);
        if (labelFormat != null && !ShippingSettings.PDF_4X6.equals(labelFormat)) {
            throw new ValidationFailed("labelFormat", "labels are generated as " + ShippingSettings.PDF_4X6
                    + " (a 4x6 inch PDF page per package) only; ZPL and other formats are not generated");
        }
        JsonNode defaultProfile = body.get("defaultProfile");
        SkuProfile fallbackProfile = defaultProfile == null || defaultProfile.isNull() ? null
                : profile("*", defaultProfile, "defaultProfile.");
        return new ShippingSettings(tenantId, 0, shipFrom, carriers, strategy, fallback, fixed, failover,
                (int) whole(body, "promiseDays", 1, 60, ShippingRules.DEFAULT_PROMISE_DAYS),
                (int) whole(body, "maxParcelWeightGrams", 0, MAX_GRAMS, 0), packaging(body.get("packaging")),
                ShippingSettings.PDF_4X6, (int) whole(body, "handlingDays", 0, 30, 0),
                (int) whole(body, "holdWindowSeconds", 0, 86_400, ShippingSettings.DEFAULT_HOLD_WINDOW_SECONDS),
                fallbackProfile, tiktokHandover(body), null, null);
    }

    private static String tiktokHandover(JsonNode body) {
        String handover = text(body, "tiktokHandover", false, 10);
        if (handover != null && !handover.equals(ShippingSettings.PICKUP)
                && !handover.equals(ShippingSettings.DROP_OFF)) {
            throw new ValidationFailed("tiktokHandover", "tiktokHandover must be PICKUP or DROP_OFF");
        }
        return handover;
    }

    /** Reads a profile body for a SKU (the SKU comes from the path). */
    public static SkuProfile profile(String sku, JsonNode body) {
        InventoryInput.skuProblem(sku).ifPresent(problem -> {
            throw new ValidationFailed("sku", problem);
        });
        requireObject(body, "body");
        return profile(sku, body, "");
    }

    private static SkuProfile profile(String sku, JsonNode body, String prefix) {
        requireObject(body, prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1));
        onlyKnown(body, prefix.isEmpty() ? PROFILE_FIELDS : withoutBasedOn(), prefix);
        int weight = (int) required(body, "weightGrams", 1, MAX_GRAMS, prefix);
        int length = (int) required(body, "lengthMm", 1, MAX_MM, prefix);
        int width = (int) required(body, "widthMm", 1, MAX_MM, prefix);
        int height = (int) required(body, "heightMm", 1, MAX_MM, prefix);
        String hsCode = hsCode(text(body, "hsCode", false, 13, prefix), prefix + "hsCode");
        JsonNode alone = body.get("shipsAlone");
        if (alone != null && !alone.isNull() && !alone.isBoolean()) {
            throw new ValidationFailed(prefix + "shipsAlone", "shipsAlone must be true or false");
        }
        return new SkuProfile(sku, weight, length, width, height, hsCode, alone != null && alone.asBoolean(false));
    }

    /** The problem of an HS code, as a message, or null when it is empty or valid. */
    public static String hsCode(String code, String field) {
        if (code != null && !HS_CODE.matcher(code).matches()) {
            throw new ValidationFailed(field, "hsCode must be a Harmonized System code of 6 to 10 digits "
                    + "(dots allowed between pairs, like 6109.10)");
        }
        return code;
    }

    private static Set<String> withoutBasedOn() {
        Set<String> fields = new HashSet<>(PROFILE_FIELDS);
        fields.remove("basedOnVersion");
        return fields;
    }

    private static List<ShipFromAddress> shipFrom(JsonNode node) {
        List<ShipFromAddress> addresses = new ArrayList<>();
        if (node == null || node.isNull()) {
            return addresses;
        }
        if (!node.isArray() || node.size() > 10) {
            throw new ValidationFailed("shipFrom", "shipFrom must list at most 10 addresses");
        }
        Set<String> ids = new HashSet<>();
        int defaults = 0;
        for (int i = 0; i < node.size(); i++) {
            String field = "shipFrom[" + i + "]";
            JsonNode entry = node.get(i);
            requireObject(entry, field);
            onlyKnown(entry, Set.of("id", "default", "address"), field + ".");
            String id = text(entry, "id", true, 40, field + ".");
            if (!ID.matcher(id).matches() || !ids.add(id)) {
                throw new ValidationFailed(field + ".id", "id must be 1-40 letters, digits, - or _, unique among "
                        + "the addresses");
            }
            JsonNode flag = entry.get("default");
            if (flag != null && !flag.isNull() && !flag.isBoolean()) {
                throw new ValidationFailed(field + ".default", "default must be true or false");
            }
            boolean isDefault = node.size() == 1 || (flag != null && flag.asBoolean(false));
            defaults += isDefault ? 1 : 0;
            addresses.add(new ShipFromAddress(id, isDefault, address(entry.get("address"), field + ".address")));
        }
        if (!addresses.isEmpty() && defaults != 1) {
            throw new ValidationFailed("shipFrom", "exactly one ship-from address must be the default (found "
                    + defaults + ")");
        }
        return addresses;
    }

    private static Address address(JsonNode node, String field) {
        requireObject(node, field);
        String prefix = field + ".";
        onlyKnown(node, Set.of("name", "phone", "line1", "line2", "city", "region", "postalCode", "country"), prefix);
        String country = text(node, "country", true, 2, prefix).toUpperCase(Locale.ROOT);
        if (!COUNTRY.matcher(country).matches() || Carrier.originCountries().stream().noneMatch(country::equals)) {
            throw new ValidationFailed(prefix + "country", "country must be one the carriers ship from: "
                    + Carrier.originCountries());
        }
        String region = text(node, "region", !"GB".equals(country), 60, prefix);
        String postalCode = text(node, "postalCode", true, 12, prefix);
        if (!POSTAL_CODES.get(country).matcher(postalCode).matches()) {
            throw new ValidationFailed(prefix + "postalCode", postalCode + " is not a postal code of " + country);
        }
        return new Address(text(node, "name", true, 100, prefix), text(node, "phone", false, 30, prefix),
                text(node, "line1", true, 100, prefix), text(node, "line2", false, 100, prefix),
                text(node, "city", true, 60, prefix), region, postalCode, country);
    }

    private List<CarrierAllowance> carriers(JsonNode node, String origin) {
        List<CarrierAllowance> carriers = new ArrayList<>();
        if (node == null || node.isNull()) {
            return carriers;
        }
        if (!node.isArray() || node.size() > Carrier.values().length) {
            throw new ValidationFailed("carriers", "carriers must list at most " + Carrier.values().length
                    + " carriers");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String field = "carriers[" + i + "]";
            JsonNode entry = node.get(i);
            requireObject(entry, field);
            onlyKnown(entry, Set.of("carrier", "services"), field + ".");
            Carrier carrier = carrier(text(entry, "carrier", true, 40, field + "."), field + ".carrier");
            if (!seen.add(carrier.code())) {
                throw new ValidationFailed(field + ".carrier", carrier.code() + " is listed twice");
            }
            if (!configured.contains(carrier)) {
                throw new ValidationFailed(field + ".carrier", carrier.displayName() + " is not connected in this "
                        + "deployment, so no label could be bought from it");
            }
            if (origin != null && !carrier.origins().contains(origin)) {
                throw new ValidationFailed(field + ".carrier", carrier.displayName() + " does not ship from "
                        + origin + " (the default ship-from address); it ships from " + carrier.origins());
            }
            List<String> services = new ArrayList<>();
            JsonNode list = entry.get("services");
            if (list != null && !list.isNull()) {
                if (!list.isArray()) {
                    throw new ValidationFailed(field + ".services", "services must be a list of service codes");
                }
                for (int j = 0; j < list.size(); j++) {
                    services.add(service(carrier, list.get(j), field + ".services[" + j + "]"));
                }
            }
            carriers.add(new CarrierAllowance(carrier.code(), services));
        }
        return carriers;
    }

    private static String service(Carrier carrier, JsonNode node, String field) {
        String code = node != null && node.isTextual() ? node.asText() : "";
        if (carrier.services().stream().map(ServiceLevel::code).noneMatch(code::equals)) {
            throw new ValidationFailed(field, carrier.displayName() + " offers "
                    + carrier.services().stream().map(ServiceLevel::code).toList() + "; not '" + code + "'");
        }
        return code;
    }

    private static Carrier carrier(String code, String field) {
        try {
            return Carrier.ofCode(code);
        } catch (RuntimeException e) {
            throw new ValidationFailed(field, "unknown carrier '" + code + "'; known: "
                    + Arrays.stream(Carrier.values()).map(Carrier::code).toList());
        }
    }

    private static RateStrategy strategy(JsonNode body, String field, boolean fixedAllowed) {
        String text = text(body, field, false, 30);
        if (text == null) {
            return RateStrategy.CHEAPEST;
        }
        try {
            RateStrategy strategy = RateStrategy.valueOf(text);
            if (strategy == RateStrategy.FIXED && !fixedAllowed) {
                throw new IllegalArgumentException();
            }
            return strategy;
        } catch (IllegalArgumentException e) {
            throw new ValidationFailed(field, field + " must be CHEAPEST or FASTEST_WITHIN_PROMISE"
                    + (fixedAllowed ? " or FIXED" : ""));
        }
    }

    private static List<FixedCarrierRule> fixed(JsonNode node, Set<String> allowed) {
        List<FixedCarrierRule> rules = new ArrayList<>();
        if (node == null || node.isNull()) {
            return rules;
        }
        if (!node.isArray() || node.size() > 50) {
            throw new ValidationFailed("fixed", "fixed must list at most 50 rules");
        }
        for (int i = 0; i < node.size(); i++) {
            String field = "fixed[" + i + "]";
            String prefix = field + ".";
            JsonNode entry = node.get(i);
            requireObject(entry, field);
            onlyKnown(entry, Set.of("sku", "country", "region", "carrier", "service"), prefix);
            Carrier carrier = carrier(text(entry, "carrier", true, 40, prefix), prefix + "carrier");
            if (!allowed.contains(carrier.code())) {
                throw new ValidationFailed(prefix + "carrier", carrier.code() + " is not among the allowed carriers");
            }
            String service = entry.hasNonNull("service") ? service(carrier, entry.get("service"), prefix + "service")
                    : null;
            String sku = text(entry, "sku", false, 100, prefix);
            String country = text(entry, "country", false, 2, prefix);
            if (country != null && !COUNTRY.matcher(country).matches()) {
                throw new ValidationFailed(prefix + "country", "country must be an ISO code like US");
            }
            rules.add(new FixedCarrierRule(sku, country, text(entry, "region", false, 60, prefix), carrier.code(),
                    service));
        }
        return rules;
    }

    private static List<String> failover(JsonNode node, Set<String> allowed) {
        List<String> order = new ArrayList<>();
        if (node == null || node.isNull()) {
            return order;
        }
        if (!node.isArray()) {
            throw new ValidationFailed("failoverOrder", "failoverOrder must list carrier codes");
        }
        for (int i = 0; i < node.size(); i++) {
            String code = node.get(i).isTextual() ? node.get(i).asText() : "";
            if (!allowed.contains(code) || order.contains(code)) {
                throw new ValidationFailed("failoverOrder[" + i + "]", "'" + code + "' must be an allowed carrier, "
                        + "listed once");
            }
            order.add(code);
        }
        return order;
    }

    private static List<PackagingPreset> packaging(JsonNode node) {
        List<PackagingPreset> presets = new ArrayList<>();
        if (node == null || node.isNull()) {
            return presets;
        }
        if (!node.isArray() || node.size() > 20) {
            throw new ValidationFailed("packaging", "packaging must list at most 20 boxes");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String field = "packaging[" + i + "]";
            String prefix = field + ".";
            JsonNode entry = node.get(i);
            requireObject(entry, field);
            onlyKnown(entry, Set.of("name", "lengthMm", "widthMm", "heightMm", "weightGrams", "maxContentGrams"),
                    prefix);
            String name = text(entry, "name", true, 40, prefix);
            if (!names.add(name)) {
                throw new ValidationFailed(prefix + "name", "'" + name + "' is listed twice");
            }
            presets.add(new PackagingPreset(name, (int) required(entry, "lengthMm", 1, MAX_MM, prefix),
                    (int) required(entry, "widthMm", 1, MAX_MM, prefix),
                    (int) required(entry, "heightMm", 1, MAX_MM, prefix),
                    (int) required(entry, "weightGrams", 0, 10_000, prefix),
                    (int) whole(entry, "maxContentGrams", 0, MAX_GRAMS, 0, prefix)));
        }
        return presets;
    }

    private static void requireObject(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            throw new ValidationFailed(field, field + " must be a JSON object");
        }
    }

    private static void onlyKnown(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new ValidationFailed(prefix + name, prefix + name + " is not a setting here; known: "
                        + known.stream().sorted().toList());
            }
        }
    }

    private static String text(JsonNode body, String field, boolean required, int maxLength) {
        return text(body, field, required, maxLength, "");
    }

    private static String text(JsonNode body, String field, boolean required, int maxLength, String prefix) {
        JsonNode node = body.get(field);
        String name = prefix + field;
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            if (required) {
                throw new ValidationFailed(name, name + " is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            throw new ValidationFailed(name, name + " must be a string");
        }
        String value = node.asText().strip();
        if (value.length() > maxLength || value.chars().anyMatch(Character::isISOControl)) {
            throw new ValidationFailed(name, name + " must be at most " + maxLength + " characters, without "
                    + "control characters");
        }
        return value;
    }

    private static long required(JsonNode body, String field, long min, long max, String prefix) {
        if (!body.hasNonNull(field)) {
            throw new ValidationFailed(prefix + field, prefix + field + " is required");
        }
        return whole(body, field, min, max, 0, prefix);
    }

    private static long whole(JsonNode body, String field, long min, long max, long fallback) {
        return whole(body, field, min, max, fallback, "");
    }

    private static long whole(JsonNode body, String field, long min, long max, long fallback, String prefix) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw new ValidationFailed(prefix + field, prefix + field + " must be a whole number from " + min
                    + " to " + max);
        }
        return node.asLong();
    }
}
