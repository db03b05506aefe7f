package com.creatorflow.shared.rules;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.rules.domain.OrderDocument;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.event.ruler.Machine;

/**
 * A rule set ready to evaluate: every enabled rule's pattern compiled into one event-ruler {@link Machine} (the
 * matcher behind EventBridge), so one pass over the order document finds every matching rule. The matches are then
 * taken in evaluation order (ascending priority, ties in the order written) until a matching rule stops processing,
 * and their actions are merged ({@link RuleOutcome#merge}). Immutable and safe to share between threads.
 */
public final class CompiledRuleSet {
    private final RuleSet ruleSet;
    private final List<Rule> ordered;
    private final Machine machine;

    private CompiledRuleSet(RuleSet ruleSet, List<Rule> ordered, Machine machine) {
        this.ruleSet = ruleSet;
        this.ordered = ordered;
        this.machine = machine;
    }

    /** Compiles a (validated) rule set. */
    public static CompiledRuleSet compile(RuleSet ruleSet) {
        List<Rule> ordered = new ArrayList<>();
        Machine machine = new Machine();
        for (Rule rule : ruleSet.rules()) {
            if (!rule.enabled()) {
                continue;
            }
            ordered.add(rule);
            try {
                machine.addRule(rule.id(), Json.write(rule.pattern()));
            } catch (IOException e) {
                throw new UncheckedIOException("rule " + rule.id() + " has a pattern that does not compile", e);
            }
        }
        ordered.sort(Comparator.comparingInt(Rule::priority));
        return new CompiledRuleSet(ruleSet, List.copyOf(ordered), machine);
    }

    /** The rule set it was compiled from. */
    public RuleSet ruleSet() {
        return ruleSet;
    }

    /** Evaluates the rules against an order at a moment. */
    public RuleDecision evaluate(Order order, Instant now) {
        return evaluate(OrderDocument.of(order, ruleSet.zone(), now), now);
    }

    /** Evaluates the rules against an order document (see {@link OrderDocument}). */
    public RuleDecision evaluate(JsonNode document, Instant now) {
        Set<String> matching = new HashSet<>(machine.rulesForJSONEvent(document));
        List<RuleDecision.MatchedRule> matched = new ArrayList<>();
        List<Rule> applied = new ArrayList<>();
        List<String> notEvaluated = new ArrayList<>();
        boolean stopped = false;
        for (Rule rule : ordered) {
            if (stopped) {
                notEvaluated.add(rule.id());
            } else if (matching.contains(rule.id())) {
                applied.add(rule);
                stopped = rule.stopProcessing();
                matched.add(new RuleDecision.MatchedRule(rule.id(), rule.name(), rule.priority(), rule.actions(),
                        stopped));
            }
        }
        return new RuleDecision(ruleSet.version(), now, matched, notEvaluated, RuleOutcome.merge(applied));
    }
}
