package com.creatorflow.shared.rules;

import com.creatorflow.shared.aftersale.domain.BuyerRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a rule set decided for one order: which rules matched (in evaluation order), which were never evaluated
 * because a matching rule stopped processing, and the merged outcome.
 *
 * @param ruleSetVersion the version evaluated (0 when the creator has no rules, or for a draft)
 * @param evaluatedAt the evaluation time (the "now" of hourOfDay and ages)
 * @param matched the matching rules, in evaluation order
 * @param notEvaluated ids of enabled rules skipped because a matching rule stopped processing
 * @param outcome the merged actions
 */
public record RuleDecision(long ruleSetVersion, Instant evaluatedAt, List<MatchedRule> matched,
                           List<String> notEvaluated, RuleOutcome outcome) {
    public RuleDecision {
        matched = matched == null ? List.of() : List.copyOf(matched);
        notEvaluated = notEvaluated == null ? List.of() : List.copyOf(notEvaluated);
    }

    /**
     * A rule that matched.
     *
     * @param id the rule id
     * @param name the rule name
     * @param priority its evaluation priority
     * @param actions its actions
     * @param stoppedEvaluation true when it ended the evaluation
     */
    public record MatchedRule(String id, String name, int priority, List<RuleAction> actions,
                              boolean stoppedEvaluation) {
    }

    /** The ids of the matching rules, in evaluation order. */
    public List<String> matchedIds() {
        return matched.stream().map(MatchedRule::id).toList();
    }

    /** The first matching rule (in evaluation order) with a {@code decideBuyerRequest} action for this kind. */
    public Optional<Map.Entry<String, RuleAction.DecideBuyerRequest>> buyerRequestRule(BuyerRequest.Kind kind) {
        for (MatchedRule rule : matched) {
            for (RuleAction action : rule.actions()) {
                if (action instanceof RuleAction.DecideBuyerRequest answer && answer.answers(kind)) {
                    return Optional.of(Map.entry(rule.id(), answer));
                }
            }
        }
        return Optional.empty();
    }
}
