package com.creatorflow.shared.rules;

import com.creatorflow.shared.rules.domain.OrderDocument;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One creator rule: when the order document matches {@code pattern} (an EventBridge event pattern, matched with
 * AWS's event-ruler), the {@code actions} apply. Rules are evaluated by ascending {@code priority} (1 before 10; ties
 * in the order written); a matching rule with {@code stopProcessing} ends the evaluation.
 *
 * @param id the rule's id, unique in its rule set
 * @param name what the rule is for, in the creator's words
 * @param priority evaluation order, lower first
 * @param enabled false keeps the rule in the set without evaluating it
 * @param pattern the event pattern over the order document (see {@link OrderDocument})
 * @param actions what happens when it matches
 * @param stopProcessing true: when this rule matches, rules after it are not evaluated
 */
public record Rule(String id, String name, int priority, boolean enabled, JsonNode pattern, List<RuleAction> actions,
                   boolean stopProcessing) {
    public Rule {
        actions = actions == null ? List.of() : List.copyOf(actions);
    }
}
