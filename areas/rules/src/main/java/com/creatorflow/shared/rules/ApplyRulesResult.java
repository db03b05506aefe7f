package com.creatorflow.shared.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Result of the ApplyCreatorRules step: what the creator's rules decided, flat for the state machine's Choice
 * states ({@code $.rules.hold}) and for the steps after it (warehouse, carrier, split).
 *
 * @param ruleSetVersion the rule set version evaluated (0: the creator has no rules)
 * @param matchedRules ids of the matching rules, in evaluation order
 * @param hold true when the order must wait for a person's review
 * @param holdReasons why
 * @param warehouse the warehouse to fulfil from, or null for the default
 * @param carrier the carrier, or null to let ChooseCarrier decide
 * @param serviceLevel the service level, or null
 * @param tags tags the rules added
 * @param priority the priority the rules set, or null
 * @param notifications notifications to send (JSON {@code notify})
 * @param split how to split the shipment, or null
 * @param autoCancelAfterHours cancel when still unpaid after this many hours, or null
 * @param decidedBy for each single-valued field that is set, the rule that set it
 */
public record ApplyRulesResult(long ruleSetVersion, List<String> matchedRules, boolean hold, List<String> holdReasons,
                               String warehouse, String carrier, String serviceLevel, List<String> tags,
                               Integer priority, @JsonProperty("notify") List<RuleAction.Notify> notifications,
                               RuleAction.SplitShipment split,
                               Integer autoCancelAfterHours, Map<String, String> decidedBy) {
    /** The step result of a decision. */
    public static ApplyRulesResult of(RuleDecision decision) {
        RuleOutcome o = decision.outcome();
        return new ApplyRulesResult(decision.ruleSetVersion(), decision.matchedIds(), o.hold(), o.holdReasons(),
                o.warehouse(), o.carrier(), o.serviceLevel(), o.tags(), o.priority(), o.notifications(), o.split(),
                o.autoCancelAfterHours(), o.decidedBy());
    }
}
