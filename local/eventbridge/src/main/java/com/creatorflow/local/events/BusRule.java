package com.creatorflow.local.events;

import java.util.List;

/**
 * An EventBridge rule on a bus: an event pattern and the targets that receive matching events.
 *
 * @param name the rule's name
 * @param arn the rule's ARN
 * @param busName the bus it listens on
 * @param eventPattern the pattern as JSON text
 * @param enabled false for State DISABLED
 * @param description what it is for
 * @param targets where matching events go
 */
public record BusRule(String name, String arn, String busName, String eventPattern, boolean enabled,
                      String description, List<RuleTarget> targets) {
    public BusRule {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }
}
