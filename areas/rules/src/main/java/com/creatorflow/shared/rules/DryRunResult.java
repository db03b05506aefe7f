package com.creatorflow.shared.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a rule set would do to an order, without doing it: the document the patterns saw, the decision, and the
 * tags and priority the order would end up with.
 *
 * @param ruleSource which rules were tried: {@code draft} (sent with the request), {@code active} or {@code version}
 * @param ruleSetVersion the version tried (0 for a draft)
 * @param orderId the order tried, when it was a stored one
 * @param document the order document the patterns were matched against
 * @param decision the matching rules and merged outcome
 * @param resultingTags the order's tags after the rules
 * @param resultingPriority the order's priority after the rules
 */
public record DryRunResult(String ruleSource, long ruleSetVersion, String orderId, JsonNode document,
                           RuleDecision decision, List<String> resultingTags, int resultingPriority) {
}
