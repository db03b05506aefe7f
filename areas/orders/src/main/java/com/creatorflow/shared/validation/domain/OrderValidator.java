package com.creatorflow.shared.validation.domain;

import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.order.LineItem;
import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.Pii;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.order.Totals;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether an order can be fulfilled: it has lines, consistent money, a complete shipping address, and
 * TikTok lets us ship it. Pure: no I/O, so every rule is unit-tested.
 *
 * <p>TikTok's on-hold rule for the US and the UK: an order that went through ON_HOLD ships as soon as it awaits
 * shipment; one paid straight to AWAITING_SHIPMENT must still not ship until one hour after payment (the buyer may
 * cancel freely in that hour).
 */
public final class OrderValidator {
    /** How long TikTok holds US and UK orders after payment (the default of a creator's hold window). */
    public static final Duration HOLD_WINDOW = Duration.ofHours(1);
    private static final Set<String> HOLD_COUNTRIES = Set.of("US", "GB");
    private static final Set<TikTokOrderStatus> SHIPPABLE = Set.of(TikTokOrderStatus.AWAITING_SHIPMENT,
            TikTokOrderStatus.PARTIALLY_SHIPPING);
    private static final Map<String, Pattern> POSTAL_CODES = Map.of(
            "US", Pattern.compile("\\d{5}(-\\d{4})?"),
            "CA", Pattern.compile("[A-Za-z]\\d[A-Za-z] ?\\d[A-Za-z]\\d"),
            "GB", Pattern.compile("[A-Za-z]{1,2}\\d[A-Za-z\\d]? ?\\d[A-Za-z]{2}"),
            "MX", Pattern.compile("\\d{5}"));
    private static final Set<String> REGION_REQUIRED = Set.of("US", "CA", "MX");

    private OrderValidator() {
    }

    /**
     * The outcome of validating an order.
     *
     * @param issues what is wrong (empty when the order can be fulfilled)
     * @param holdUntil when TikTok's hold window ends, if it has not yet (the workflow waits until then)
     */
    public record Result(List<ValidationIssue> issues, Instant holdUntil) {
        /** True when nothing is wrong. */
        public boolean valid() {
            return issues.isEmpty();
        }
    }

    /** Validates an order at a moment in time, with TikTok's one-hour hold window. */
    public static Result validate(Order order, Instant now) {
        return validate(order, now, HOLD_WINDOW);
    }

    /** Validates an order at a moment in time, with the creator's hold window. */
    public static Result validate(Order order, Instant now, Duration holdWindow) {
        List<ValidationIssue> issues = new ArrayList<>();
        checkLines(order, issues);
        checkTotals(order, issues);
        checkAddress(order.pii(), issues);
        if (order.tiktokStatus() != null && !SHIPPABLE.contains(order.tiktokStatus())) {
            issues.add(new ValidationIssue("/tiktokStatus", "TikTok reports the order as " + order.tiktokStatus()
                    + ", so it cannot be shipped yet"));
        }
        return new Result(issues, holdUntil(order, now, holdWindow).orElse(null));
    }

    private static Optional<Instant> holdUntil(Order order, Instant now, Duration holdWindow) {
        String country = order.shipTo() == null ? null : order.shipTo().country();
        if (order.onHoldOrder() || order.paidAt() == null || country == null || !HOLD_COUNTRIES.contains(country)) {
            return Optional.empty();
        }
        Instant end = order.paidAt().plus(holdWindow);
        return end.isAfter(now) ? Optional.of(end) : Optional.empty();
    }

    private static void checkLines(Order order, List<ValidationIssue> issues) {
        if (order.lines().isEmpty()) {
            issues.add(new ValidationIssue("/lines", "the order has no line items"));
        }
        for (int i = 0; i < order.lines().size(); i++) {
            LineItem line = order.lines().get(i);
            if (line.sku() == null || line.sku().isBlank()) {
                issues.add(new ValidationIssue("/lines/" + i + "/sku", "line " + (i + 1)
                        + " has no seller SKU, so stock cannot be reserved"));
            }
            if (line.unitPrice() == null || line.unitPrice().minor() < 0) {
                issues.add(new ValidationIssue("/lines/" + i + "/unitPrice", "line " + (i + 1)
                        + " has no valid price"));
            }
        }
    }

    private static void checkTotals(Order order, List<ValidationIssue> issues) {
        Totals totals = order.totals();
        if (totals == null || totals.total() == null) {
            issues.add(new ValidationIssue("/totals", "the order has no totals"));
            return;
        }
        String currency = totals.currency();
        for (int i = 0; i < order.lines().size(); i++) {
            Money price = order.lines().get(i).unitPrice();
            if (price != null && !price.currency().equals(currency)) {
                issues.add(new ValidationIssue("/lines/" + i + "/unitPrice", "line " + (i + 1) + " is priced in "
                        + price.currency() + " but the order total is in " + currency));
            }
        }
        if (totals.subtotal() != null && totals.shipping() != null && totals.tax() != null) {
            Money expected = totals.subtotal().plus(totals.shipping()).plus(totals.tax());
            if (expected.minor() != totals.total().minor()) {
                issues.add(new ValidationIssue("/totals/total", "total " + totals.total()
                        + " is not subtotal + shipping + tax (" + expected + ")"));
            }
        }
        if (totals.total().minor() < 0) {
            issues.add(new ValidationIssue("/totals/total", "the total is negative"));
        }
    }

    private static void checkAddress(Pii pii, List<ValidationIssue> issues) {
        Address address = pii == null ? null : pii.shippingAddress();
        if (address == null) {
            issues.add(new ValidationIssue("/shippingAddress", "the order has no shipping address"));
            return;
        }
        require(address.name(), "/shippingAddress/name", "the recipient's name is missing", issues);
        require(address.line1(), "/shippingAddress/line1", "the street address is missing", issues);
        require(address.city(), "/shippingAddress/city", "the city is missing", issues);
        require(address.country(), "/shippingAddress/country", "the country is missing", issues);
        require(address.postalCode(), "/shippingAddress/postalCode", "the postal code is missing", issues);
        if (address.country() != null && REGION_REQUIRED.contains(address.country())) {
            require(address.region(), "/shippingAddress/region", "the state or province is missing", issues);
        }
        Pattern postal = address.country() == null ? null : POSTAL_CODES.get(address.country());
        if (postal != null && address.postalCode() != null && !address.postalCode().isBlank()
                && !postal.matcher(address.postalCode().trim()).matches()) {
            issues.add(new ValidationIssue("/shippingAddress/postalCode", "the postal code is not a valid "
                    + address.country() + " postal code"));
        }
        if (address.line1() != null && address.line1().contains("*")) {
            issues.add(new ValidationIssue("/shippingAddress/line1",
                    "the address is still masked by TikTok (the order is not yet releasable)"));
        }
    }

    private static void require(String value, String field, String message, List<ValidationIssue> issues) {
        if (value == null || value.isBlank()) {
            issues.add(new ValidationIssue(field, message));
        }
    }
}
