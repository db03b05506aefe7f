package com.creatorflow.shared.shipping.domain;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A carrier's tracking-number syntax: one or more public patterns, each with its check digit. Numbers are compared
 * after {@link #normalize} (capitals, no spaces), the way people paste them.
 */
public final class TrackingNumberFormat {
    private static final int[] FEDEX_EXPRESS_WEIGHTS = {3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1};

    private final String description;
    private final List<Rule> rules;

    private TrackingNumberFormat(String description, List<Rule> rules) {
        this.description = description;
        this.rules = List.copyOf(rules);
    }

    private record Rule(Pattern pattern, Predicate<Matcher> check) {
    }

    /** Capitals, without spaces and dashes. */
    public static String normalize(String trackingNumber) {
        return trackingNumber == null ? "" : trackingNumber.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }

    /** True when the number has one of the carrier's shapes and its check digit is right. */
    public boolean isValid(String trackingNumber) {
        String number = normalize(trackingNumber);
        for (Rule rule : rules) {
            Matcher matcher = rule.pattern.matcher(number);
            if (matcher.matches() && rule.check.test(matcher)) {
                return true;
            }
        }
        return false;
    }

    /** The accepted shapes in words, for error messages and docs. */
    public String description() {
        return description;
    }

    private static int digit(Matcher m, String group) {
        return m.group(group).charAt(0) - '0';
    }

    /** USPS: IMpb 20 or 22 digits (mod 10, weights 3/1) or an S10 number ending in US. */
    static TrackingNumberFormat usps() {
        return new TrackingNumberFormat("20 or 22 digits (IMpb, mod 10) or S10 like EA123456785US", List.of(
                new Rule(Pattern.compile("(?<serial>\\d{19}|\\d{21})(?<check>\\d)"),
                        m -> CheckDigits.mod10(m.group("serial"), 3, 1) == digit(m, "check")),
                s10("US")));
    }

    /** UPS: 1Z + 6 shipper + 2 service + 7 package characters + mod 10 check digit (weights 1/2, letters mapped). */
    static TrackingNumberFormat ups() {
        return new TrackingNumberFormat("1Z + 15 letters or digits + check digit", List.of(
                new Rule(Pattern.compile("1Z(?<serial>[A-Z0-9]{15})(?<check>\\d)"),
                        m -> CheckDigits.mod10(m.group("serial"), 1, 2) == digit(m, "check"))));
    }

    /**
     * FedEx: 12 digits (Express, weighted mod 11), 15 digits (Ground, mod 10), 20 digits (SmartPost, IMpb with the
     * 92 prefix) or 22 digits starting 96 (Ground 96, mod 10 over the 14-digit serial).
     */
    static TrackingNumberFormat fedex() {
        return new TrackingNumberFormat("12, 15, 20 or 22 (96...) digits with check digit", List.of(
                new Rule(Pattern.compile("(?<serial>\\d{11})(?<check>\\d)"),
                        m -> CheckDigits.mod11(m.group("serial"), FEDEX_EXPRESS_WEIGHTS) == digit(m, "check")),
                new Rule(Pattern.compile("(?<serial>\\d{14})(?<check>\\d)"),
                        m -> CheckDigits.mod10(m.group("serial"), 1, 3) == digit(m, "check")),
                new Rule(Pattern.compile("(?<serial>\\d{19})(?<check>\\d)"),
                        m -> CheckDigits.mod10("92" + m.group("serial"), 3, 1) == digit(m, "check")),
                new Rule(Pattern.compile("96\\d{5}(?<serial>\\d{14})(?<check>\\d)"),
                        m -> CheckDigits.mod10(m.group("serial"), 1, 3) == digit(m, "check"))));
    }

    /** DHL Express: 10-digit waybill whose last digit is the first nine modulo 7. */
    static TrackingNumberFormat dhlExpress() {
        return new TrackingNumberFormat("10 digits (mod 7 check digit)", List.of(
                new Rule(Pattern.compile("(?<serial>\\d{9})(?<check>\\d)"),
                        m -> CheckDigits.mod7(m.group("serial")) == digit(m, "check"))));
    }

    /** DHL eCommerce: GM + 16 to 22 digits (no public check digit). */
    static TrackingNumberFormat dhlEcommerce() {
        return new TrackingNumberFormat("GM + 16 to 22 digits", List.of(
                new Rule(Pattern.compile("GM\\d{16,22}"), m -> true)));
    }

    /** OnTrac: C or D + 13 digits + mod 10 check digit (weights 1/2 over the serial prefixed 4 for C, 5 for D). */
    static TrackingNumberFormat ontrac() {
        return new TrackingNumberFormat("C or D + 14 digits (mod 10 check digit)", List.of(
                new Rule(Pattern.compile("(?<kind>[CD])(?<serial>\\d{13})(?<check>\\d)"),
                        m -> CheckDigits.mod10((m.group("kind").equals("C") ? "4" : "5") + m.group("serial"), 1, 2)
                                == digit(m, "check"))));
    }

    /** Amazon Shipping: TBA + 12 digits (no public check digit). */
    static TrackingNumberFormat amazon() {
        return new TrackingNumberFormat("TBA + 12 digits", List.of(new Rule(Pattern.compile("TBA\\d{12}"), m -> true)));
    }

    /** Canada Post: 16 digits (mod 10, weights 3/1) or an S10 number ending in CA. */
    static TrackingNumberFormat canadaPost() {
        return new TrackingNumberFormat("16 digits (mod 10) or S10 like EE123456785CA", List.of(
                new Rule(Pattern.compile("(?<serial>\\d{15})(?<check>\\d)"),
                        m -> CheckDigits.mod10(m.group("serial"), 3, 1) == digit(m, "check")),
                s10("CA")));
    }

    /** Royal Mail: an S10 number ending in GB. */
    static TrackingNumberFormat royalMail() {
        return new TrackingNumberFormat("S10 like RB123456785GB", List.of(s10("GB")));
    }

    private static Rule s10(String country) {
        return new Rule(Pattern.compile("[A-Z]{2}(?<serial>\\d{8})(?<check>\\d)" + country),
                m -> CheckDigits.s10(m.group("serial")) == digit(m, "check"));
    }
}
