package com.creatorflow.shared.actions;

import com.creatorflow.shared.actions.domain.OrderActionRefused;
import com.creatorflow.shared.error.PreconditionFailed;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.lifecycle.Lifecycle;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.Pii;
import com.creatorflow.shared.order.ShipTo;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.review.ReviewService;
import com.creatorflow.shared.review.domain.Decision;
import com.creatorflow.shared.review.domain.ReviewNotFound;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.validation.domain.OrderValidator;
import com.creatorflow.shared.validation.domain.ValidationIssue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A person's actions on one order outside the review queue: hold and release, edit the shipping address before
 * labelling, split into packages by TikTok line ids, add a note, add and remove tags. Each is one versioned write
 * with its audit entry (through {@link OrderRepository}, the {@link Lifecycle} deciding every state move), and each
 * honours the version the caller read ({@code If-Match}): a stale one is a 412 before anything changes.
 */
public final class OrderActions {
    /** States an order may be put on hold in (or, needing attention, have come from): before a label is bought. */
    public static final Set<OrderState> HOLDABLE = EnumSet.of(OrderState.RECEIVED, OrderState.READY,
            OrderState.BACKORDERED, OrderState.RESERVED);
    /** States whose address and packages may still change: no label was bought. */
    public static final Set<OrderState> UNLABELLED = EnumSet.of(OrderState.RECEIVED, OrderState.READY,
            OrderState.BACKORDERED, OrderState.RESERVED);
    /** Most tags one order carries. */
    public static final int MAX_TAGS = 50;
    /** Most packages one split makes. */
    public static final int MAX_PACKAGES = 20;
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 _:.-]{0,39}");

    private final OrderRepository orders;
    private final ReviewService reviews;

    public OrderActions(OrderRepository orders, ReviewService reviews) {
        this.orders = orders;
        this.reviews = reviews;
    }

    /** The order at the version the caller read; a 412 when {@code ifMatch} names another one. */
    public Order current(String tenantId, String orderId, Optional<Long> ifMatch) {
        return matching(orders.get(tenantId, orderId), ifMatch);
    }

    /** The order, unless {@code ifMatch} names another version than its own (a 412). */
    public static Order matching(Order order, Optional<Long> ifMatch) {
        ifMatch.filter(expected -> expected != order.version()).ifPresent(expected -> {
            throw new PreconditionFailed("If-Match names version " + expected + " but the stored version is "
                    + order.version() + "; read it again");
        });
        return order;
    }

    /**
     * Puts an order on hold: it moves to NEEDS_ATTENTION (or stays there) marked {@code onHold}, and no workflow step
     * moves it on until {@link #release}; its workflow parks it in the review queue at its next step.
     */
    public Order hold(String tenantId, String orderId, String reason, String actor, Optional<Long> ifMatch) {
        Order order = current(tenantId, orderId, ifMatch);
        if (order.onHold()) {
            throw new OrderActionRefused("order " + orderId + " is already on hold");
        }
        OrderState effective = order.state() == OrderState.NEEDS_ATTENTION ? order.attentionFrom() : order.state();
        if (effective == null || !HOLDABLE.contains(effective)) {
            throw new OrderActionRefused("a " + order.state() + " order cannot be held; only one in " + HOLDABLE
                    + " (once a label is bought, cancel the order instead)");
        }
        String why = reason == null ? "held by " + actor : reason;
        if (order.state() == OrderState.NEEDS_ATTENTION) {
            return orders.update(order, actor, "HOLD", why, null, b -> b.onHold(true));
        }
        return orders.transition(order, OrderState.NEEDS_ATTENTION, actor, why, Map.of("action", "HOLD"),
                b -> b.onHold(true));
    }

    /**
     * Releases a held order: when its workflow waits in the review queue the review is decided RETRY (the stopped
     * step runs again); otherwise the order returns to the state it was held in.
     */
    public Order release(String tenantId, String orderId, String note, String actor, Optional<Long> ifMatch) {
        Order order = current(tenantId, orderId, ifMatch);
        if (!order.onHold()) {
            throw new OrderActionRefused("order " + orderId + " is not on hold");
        }
        String why = note == null ? "released by " + actor : note;
        Order released = orders.update(order, actor, "RELEASE", why, null, b -> b.onHold(false));
        try {
            reviews.decide(tenantId, orderId, Decision.RETRY, actor, why, null);
            return orders.get(tenantId, orderId);
        } catch (ReviewNotFound noWaitingWorkflow) {
            OrderState origin = released.attentionFrom();
            if (released.state() != OrderState.NEEDS_ATTENTION || origin == null) {
                return released;
            }
            return orders.transition(released, origin, actor, why);
        }
    }

    /**
     * Changes the shipping address of an order without a label, checked as intake validation checks it. Once a label
     * exists the change is refused with the reason (the label carries the old address).
     */
    public Order editAddress(String tenantId, String orderId, Address address, String actor,
                             Optional<Long> ifMatch) {
        Order order = current(tenantId, orderId, ifMatch);
        requireUnlabelled(order, "the shipping address");
        Pii pii = new Pii(order.pii() == null ? null : order.pii().buyer(), address);
        Order candidate = order.toBuilder().pii(pii).shipTo(ShipTo.of(address)).build();
        List<ValidationIssue> issues = OrderValidator.validate(candidate, Instant.EPOCH).issues().stream()
                .filter(issue -> issue.field().startsWith("/shippingAddress")).toList();
        if (!issues.isEmpty()) {
            ValidationIssue first = issues.get(0);
            throw new ValidationFailed("shippingAddress" + first.field().substring("/shippingAddress".length())
                    .replace('/', '.'), first.message());
        }
        return orders.update(order, actor, "ADDRESS_EDITED", "shipping address changed",
                Map.of("fields", "shippingAddress"), b -> b.pii(pii).shipTo(ShipTo.of(address)));
    }

    /**
     * Splits an unlabelled order into packages, each named by the TikTok line ids it holds: every line id of the order
     * in exactly one package. The label step then buys one label per package.
     */
    public Order split(String tenantId, String orderId, List<List<String>> packages, String actor,
                       Optional<Long> ifMatch) {
        Order order = current(tenantId, orderId, ifMatch);
        requireUnlabelled(order, "the packages");
        if (packages == null || packages.isEmpty() || packages.size() > MAX_PACKAGES) {
            throw new ValidationFailed("packages", "packages must name 1 to " + MAX_PACKAGES + " packages");
        }
        Set<String> lineIds = new LinkedHashSet<>();
        order.lines().forEach(line -> lineIds.addAll(line.tiktokLineIds()));
        Set<String> seen = new HashSet<>();
        List<ShipmentPackage> split = new ArrayList<>();
        for (int i = 0; i < packages.size(); i++) {
            List<String> ids = packages.get(i);
            if (ids == null || ids.isEmpty()) {
                throw new ValidationFailed("packages[" + i + "]", "a package needs at least one line id");
            }
            for (String id : ids) {
                if (!lineIds.contains(id)) {
                    throw new ValidationFailed("packages[" + i + "]", "line id " + id + " is not a line of order "
                            + orderId);
                }
                if (!seen.add(id)) {
                    throw new ValidationFailed("packages[" + i + "]", "line id " + id + " is in two packages");
                }
            }
            split.add(new ShipmentPackage(orderId + "-" + (i + 1), ids, "PENDING", null, null, null, null, null));
        }
        Set<String> missing = new TreeSet<>(lineIds);
        missing.removeAll(seen);
        if (!missing.isEmpty()) {
            throw new ValidationFailed("packages", "every line id must be in a package; missing " + missing);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("packages", packages);
        return orders.update(order, actor, "SPLIT", "split into " + split.size() + " package(s)", details,
                b -> b.packages(split));
    }

    /** Appends a person's note to the order's timeline (its audit trail). */
    public Order note(String tenantId, String orderId, String note, String actor, Optional<Long> ifMatch) {
        if (note == null || note.isBlank() || note.length() > 1000) {
            throw new ValidationFailed("note", "note must be 1 to 1000 characters");
        }
        return orders.update(current(tenantId, orderId, ifMatch), actor, "NOTE", note, null, b -> b);
    }

    /** Adds and removes tags (letters, digits, space, {@code _:.-}, up to 40 characters; at most 50 per order). */
    public Order tags(String tenantId, String orderId, List<String> add, List<String> remove, String actor,
                      Optional<Long> ifMatch) {
        List<String> adding = checkedTags("add", add);
        List<String> removing = checkedTags("remove", remove);
        if (adding.isEmpty() && removing.isEmpty()) {
            throw new ValidationFailed("add", "give tags to add or remove");
        }
        Order order = current(tenantId, orderId, ifMatch);
        Set<String> tags = new TreeSet<>(order.tags());
        tags.addAll(adding);
        removing.forEach(tags::remove);
        if (tags.size() > MAX_TAGS) {
            throw new ValidationFailed("add", "an order carries at most " + MAX_TAGS + " tags");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("added", adding);
        details.put("removed", removing);
        return orders.update(order, actor, "TAGS", "tags changed", details, b -> b.tags(tags));
    }

    private static List<String> checkedTags(String field, List<String> tags) {
        if (tags == null) {
            return List.of();
        }
        if (tags.size() > MAX_TAGS) {
            throw new ValidationFailed(field, field + " names at most " + MAX_TAGS + " tags");
        }
        for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i) == null || !TAG.matcher(tags.get(i)).matches()) {
                throw new ValidationFailed(field + "[" + i + "]", "a tag is 1 to 40 letters, digits, spaces or _:.-");
            }
        }
        return List.copyOf(new LinkedHashSet<>(tags));
    }

    private static void requireUnlabelled(Order order, String what) {
        OrderState effective = order.state() == OrderState.NEEDS_ATTENTION && order.attentionFrom() != null
                ? order.attentionFrom() : order.state();
        boolean labelled = order.packages().stream().anyMatch(p -> p.labelId() != null
                && !"VOIDED".equals(p.status()));
        if (!UNLABELLED.contains(effective) || labelled) {
            throw new OrderActionRefused(what + " of order " + order.orderId() + " cannot change once a label was "
                    + "bought (" + effective + "): the label carries them; cancel the order and let TikTok re-create "
                    + "it, or ship as labelled");
        }
    }
}
