package com.creatorflow.shared.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The actions of every matching rule merged into one result, with a clear precedence: rules are taken in evaluation
 * order, and for a single-valued action (warehouse, carrier, service level, priority, split, auto-cancel) the first
 * rule that sets it wins; holds, tags and notifications add up. {@code decidedBy} names the rule behind each
 * single-valued field, so a dry run can explain the result.
 *
 * @param hold true when any matching rule holds the order for review
 * @param holdReasons the reasons of those rules, in evaluation order
 * @param warehouse the warehouse to fulfil from, or null
 * @param carrier the carrier to ship with, or null
 * @param serviceLevel the carrier service level, or null
 * @param tags tags to add to the order, in evaluation order without repeats
 * @param priority the fulfilment priority to set, or null to leave it
 * @param notifications notifications to send, in evaluation order
 * @param split how to split the shipment, or null
 * @param autoCancelAfterHours cancel when still unpaid this many hours after placing, or null
 * @param decidedBy for each single-valued field that is set, the id of the rule that set it
 */
public record RuleOutcome(boolean hold, List<String> holdReasons, String warehouse, String carrier,
                          String serviceLevel, List<String> tags, Integer priority,
                          List<RuleAction.Notify> notifications, RuleAction.SplitShipment split,
                          Integer autoCancelAfterHours, Map<String, String> decidedBy) {
    public RuleOutcome {
        holdReasons = holdReasons == null ? List.of() : List.copyOf(holdReasons);
        tags = tags == null ? List.of() : List.copyOf(tags);
        notifications = notifications == null ? List.of() : List.copyOf(notifications);
        decidedBy = decidedBy == null ? Map.of() : Map.copyOf(decidedBy);
    }

    /** Nothing to do: no rule matched. */
    public static RuleOutcome nothing() {
        return new RuleOutcome(false, List.of(), null, null, null, List.of(), null, List.of(), null, null, Map.of());
    }

    /** Merges the actions of matching rules, given in evaluation order. */
    public static RuleOutcome merge(List<Rule> matchedInOrder) {
        Merger merger = new Merger();
        for (Rule rule : matchedInOrder) {
            for (RuleAction action : rule.actions()) {
                merger.apply(rule.id(), action);
            }
        }
        return merger.result();
    }

    /** Accumulates actions with first-wins precedence for single values. */
    private static final class Merger {
        private boolean hold;
        private final List<String> holdReasons = new ArrayList<>();
        private String warehouse;
        private String carrier;
        private String serviceLevel;
        private final Set<String> tags = new LinkedHashSet<>();
        private Integer priority;
        private final List<RuleAction.Notify> notifications = new ArrayList<>();
        private RuleAction.SplitShipment split;
        private Integer autoCancelAfterHours;
        private final Map<String, String> decidedBy = new LinkedHashMap<>();

        void apply(String ruleId, RuleAction action) {
            if (action instanceof RuleAction.HoldForReview a) {
                hold = true;
                holdReasons.add(a.reason());
            } else if (action instanceof RuleAction.RouteToWarehouse a) {
                warehouse = first("warehouse", warehouse, a.warehouse(), ruleId);
            } else if (action instanceof RuleAction.UseCarrier a) {
                carrier = first("carrier", carrier, a.carrier(), ruleId);
                serviceLevel = first("serviceLevel", serviceLevel, a.serviceLevel(), ruleId);
            } else if (action instanceof RuleAction.AddTag a) {
                tags.add(a.tag());
            } else if (action instanceof RuleAction.SetPriority a) {
                priority = first("priority", priority, a.priority(), ruleId);
            } else if (action instanceof RuleAction.Notify a) {
                notifications.add(a);
            } else if (action instanceof RuleAction.SplitShipment a) {
                split = first("split", split, a, ruleId);
            } else if (action instanceof RuleAction.AutoCancelUnpaid a) {
                autoCancelAfterHours = first("autoCancelAfterHours", autoCancelAfterHours, a.afterHours(), ruleId);
            }
        }

        private <T> T first(String field, T current, T candidate, String ruleId) {
            if (current != null || candidate == null) {
                return current;
            }
            decidedBy.put(field, ruleId);
            return candidate;
        }

        RuleOutcome result() {
            return new RuleOutcome(hold, holdReasons, warehouse, carrier, serviceLevel, List.copyOf(tags), priority,
                    notifications, split, autoCancelAfterHours, decidedBy);
        }
    }
}
