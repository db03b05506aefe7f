package com.creatorflow.shared.rules;

import com.creatorflow.shared.aftersale.domain.BuyerRequest;
import com.creatorflow.shared.aftersale.domain.RejectReasons;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What a creator's rule does when its pattern matches an order. Written as JSON with a {@code type} naming the
 * action ({@code {"type": "addTag", "tag": "vip"}}); each action checks its own fields on save ({@link #problems()}).
 * See docs/rules.md for the list and for how actions of several matching rules combine.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = RuleAction.HoldForReview.class, name = "holdForReview"),
        @JsonSubTypes.Type(value = RuleAction.RouteToWarehouse.class, name = "routeToWarehouse"),
        @JsonSubTypes.Type(value = RuleAction.UseCarrier.class, name = "useCarrier"),
        @JsonSubTypes.Type(value = RuleAction.AddTag.class, name = "addTag"),
        @JsonSubTypes.Type(value = RuleAction.SetPriority.class, name = "setPriority"),
        @JsonSubTypes.Type(value = RuleAction.Notify.class, name = "notify"),
        @JsonSubTypes.Type(value = RuleAction.SplitShipment.class, name = "splitShipment"),
        @JsonSubTypes.Type(value = RuleAction.AutoCancelUnpaid.class, name = "autoCancelUnpaid"),
        @JsonSubTypes.Type(value = RuleAction.DecideBuyerRequest.class, name = "decideBuyerRequest")
})
public sealed interface RuleAction {
    /** The action type names, as written in JSON. */
    List<String> TYPES = List.of("holdForReview", "routeToWarehouse", "useCarrier", "addTag", "setPriority",
            "notify", "splitShipment", "autoCancelUnpaid", "decideBuyerRequest");

    /** What is wrong with this action's fields (empty when it is valid); each text names the field. */
    List<String> problems();

    /** Hold the order for a person to review before it is fulfilled. */
    record HoldForReview(String reason) implements RuleAction {
        @Override
        public List<String> problems() {
            return reason == null || reason.isBlank() || reason.length() > 200
                    ? List.of("reason is required (1 to 200 characters)") : List.of();
        }
    }

    /** Fulfil from a given warehouse (its code in the creator's inventory). */
    record RouteToWarehouse(String warehouse) implements RuleAction {
        @Override
        public List<String> problems() {
            return Codes.check("warehouse", warehouse);
        }
    }

    /** Ship with a carrier and/or a service level (at least one of them). */
    record UseCarrier(String carrier, String serviceLevel) implements RuleAction {
        @Override
        public List<String> problems() {
            if (carrier == null && serviceLevel == null) {
                return List.of("carrier or serviceLevel is required");
            }
            List<String> problems = new ArrayList<>();
            if (carrier != null) {
                problems.addAll(Codes.check("carrier", carrier));
            }
            if (serviceLevel != null) {
                problems.addAll(Codes.check("serviceLevel", serviceLevel));
            }
            return problems;
        }
    }

    /** Add a tag to the order. */
    record AddTag(String tag) implements RuleAction {
        private static final Pattern TAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_:.-]{0,39}");

        @Override
        public List<String> problems() {
            return tag == null || !TAG.matcher(tag).matches()
                    ? List.of("tag must be 1 to 40 letters, digits, '-', '_', ':' or '.', starting with a letter "
                    + "or digit") : List.of();
        }
    }

    /** Set the order's fulfilment priority (higher ships first, 0 is normal). */
    record SetPriority(Integer priority) implements RuleAction {
        /** The lowest priority a rule may set. */
        public static final int MIN = -100;
        /** The highest priority a rule may set. */
        public static final int MAX = 100;

        @Override
        public List<String> problems() {
            return priority == null || priority < MIN || priority > MAX
                    ? List.of("priority is required, from " + MIN + " to " + MAX) : List.of();
        }
    }

    /** Send the creator (or a recipient) a notification about the order. */
    record Notify(String channel, String message, String recipient) implements RuleAction {
        /** The channels a notification can go through. */
        public static final Set<String> CHANNELS = Set.of("EMAIL", "SMS", "PUSH", "WEBHOOK");

        @Override
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (channel == null || !CHANNELS.contains(channel.toUpperCase(Locale.ROOT))) {
                problems.add("channel must be one of " + new TreeSet<>(CHANNELS));
            }
            if (message == null || message.isBlank() || message.length() > 500) {
                problems.add("message is required (1 to 500 characters)");
            }
            if (recipient != null && (recipient.isBlank() || recipient.length() > 320)) {
                problems.add("recipient, when given, is 1 to 320 characters");
            }
            return problems;
        }
    }

    /**
     * Ship the order in several packages: one SKU per package ({@code BY_SKU}, optionally at most
     * {@code maxUnitsPerPackage} units each) or at most {@code maxUnitsPerPackage} units per package
     * ({@code MAX_UNITS}).
     */
    record SplitShipment(String strategy, Integer maxUnitsPerPackage) implements RuleAction {
        /** How an order can be split. */
        public static final Set<String> STRATEGIES = Set.of("BY_SKU", "MAX_UNITS");

        @Override
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (strategy == null || !STRATEGIES.contains(strategy)) {
                problems.add("strategy must be one of " + new TreeSet<>(STRATEGIES));
            }
            if ("MAX_UNITS".equals(strategy) && maxUnitsPerPackage == null) {
                problems.add("maxUnitsPerPackage is required with strategy MAX_UNITS");
            }
            if (maxUnitsPerPackage != null && (maxUnitsPerPackage < 1 || maxUnitsPerPackage > 1000)) {
                problems.add("maxUnitsPerPackage must be from 1 to 1000");
            }
            return problems;
        }
    }

    /** Cancel the order when it is still unpaid this many hours after it was placed. */
    record AutoCancelUnpaid(Integer afterHours) implements RuleAction {
        @Override
        public List<String> problems() {
            return afterHours == null || afterHours < 1 || afterHours > 720
                    ? List.of("afterHours is required, from 1 to 720") : List.of();
        }
    }

    /**
     * Answer a buyer's cancellation or return request on the order at once (approve, or reject with one of TikTok's
     * reasons, see {@link RejectReasons}). Applies when such a request arrives,
     * not during fulfilment.
     */
    record DecideBuyerRequest(String request, String decision, String reason) implements RuleAction {
        /** The kinds of request a rule can answer. */
        public static final Set<String> REQUESTS = Set.of("CANCELLATION", "RETURN");
        /** The decisions. */
        public static final Set<String> DECISIONS = Set.of("APPROVE", "REJECT");

        @Override
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (request == null || !REQUESTS.contains(request)) {
                problems.add("request must be one of " + new TreeSet<>(REQUESTS));
            }
            if (decision == null || !DECISIONS.contains(decision)) {
                problems.add("decision must be one of " + new TreeSet<>(DECISIONS));
            }
            if ("APPROVE".equals(decision) && reason != null) {
                problems.add("reason is only for REJECT");
            }
            if ("REJECT".equals(decision) && REQUESTS.contains(request)) {
                var kind = BuyerRequest.Kind.valueOf(request);
                if (!RejectReasons.known(kind, reason)) {
                    problems.add("reason is required with REJECT and must be one of "
                            + RejectReasons.of(kind).keySet());
                }
            }
            return problems;
        }

        /** The decision this action makes on a request of a kind, if it answers that kind. */
        public boolean answers(BuyerRequest.Kind kind) {
            return kind.name().equals(request);
        }
    }
}
