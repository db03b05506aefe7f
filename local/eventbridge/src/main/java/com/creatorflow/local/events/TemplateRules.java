package com.creatorflow.local.events;

import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.LocalResolver;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the event buses and rules that template.yaml declares: {@code AWS::Events::EventBus} resources (plus the
 * account's {@code default} bus), {@code AWS::Events::Rule} resources with their targets, and the SAM events of Type
 * {@code EventBridgeRule} or {@code CloudWatchEvent} on functions and state machines (the resource itself is the
 * target). Intrinsics resolve to local names and ARNs.
 */
public final class TemplateRules {
    /** The account's default bus, which always exists. */
    public static final String DEFAULT_BUS = "default";

    private final LocalResolver resolver;
    private final CfnTemplate template;

    /** Reads through a resolver (which knows the template). */
    public TemplateRules(LocalResolver resolver) {
        this.resolver = resolver;
        this.template = resolver.template();
    }

    /** Bus names: {@code default} and every EventBus resource. */
    public Set<String> busNames() {
        Set<String> names = new LinkedHashSet<>();
        names.add(DEFAULT_BUS);
        for (String id : template.resourcesOfType("AWS::Events::EventBus")) {
            names.add(resolver.string(Map.of("Ref", id)));
        }
        return names;
    }

    /** Every rule of the template, in template order. */
    public List<BusRule> rules() {
        List<BusRule> rules = new ArrayList<>();
        for (String id : template.resourcesOfType("AWS::Events::Rule")) {
            Map<String, Object> properties = CfnTemplate.map(resolver.resolve(template.properties(id)));
            List<RuleTarget> targets = new ArrayList<>();
            for (Object raw : CfnTemplate.list(properties.get("Targets"))) {
                Map<String, Object> target = CfnTemplate.map(raw);
                targets.add(target(String.valueOf(target.get("Id")), String.valueOf(target.get("Arn")), target,
                        CfnTemplate.map(target.get("DeadLetterConfig")).get("Arn"),
                        CfnTemplate.map(target.get("SqsParameters")).get("MessageGroupId")));
            }
            rules.add(new BusRule(resolver.physicalName(id), resolver.string(Map.of("Fn::GetAtt", List.of(id, "Arn"))),
                    busName(properties.get("EventBusName")), patternText(id, properties.get("EventPattern")),
                    !"DISABLED".equals(properties.get("State")), (String) properties.get("Description"), targets));
        }
        samEvents("AWS::Serverless::Function", rules);
        samEvents("AWS::Serverless::StateMachine", rules);
        return rules;
    }

    private void samEvents(String type, List<BusRule> rules) {
        for (String resource : template.resourcesOfType(type)) {
            Map<String, Object> events = CfnTemplate.map(template.properties(resource).get("Events"));
            for (Map.Entry<String, Object> entry : events.entrySet()) {
                Map<String, Object> event = CfnTemplate.map(entry.getValue());
                if (!"EventBridgeRule".equals(event.get("Type")) && !"CloudWatchEvent".equals(event.get("Type"))) {
                    continue;
                }
                Map<String, Object> properties = CfnTemplate.map(resolver.resolve(event.get("Properties")));
                String arn = resolver.string(Map.of("Fn::GetAtt", List.of(resource, "Arn")));
                String ruleName = properties.get("RuleName") != null ? String.valueOf(properties.get("RuleName"))
                        : resource + entry.getKey();
                Map<String, Object> target = CfnTemplate.map(properties.get("Target"));
                String targetId = target.get("Id") != null ? String.valueOf(target.get("Id"))
                        : resource + entry.getKey() + "Target";
                boolean enabled = !"DISABLED".equals(properties.get("State"))
                        && !Boolean.FALSE.equals(properties.get("Enabled"));
                rules.add(new BusRule(ruleName, "arn:aws:events:" + resolver.region() + ":000000000000:rule/"
                        + ruleName, busName(properties.get("EventBusName")),
                        patternText(resource + "." + entry.getKey(), properties.get("Pattern")), enabled,
                        "SAM event " + entry.getKey() + " of " + resource,
                        List.of(target(targetId, arn, properties,
                                CfnTemplate.map(properties.get("DeadLetterConfig")).get("Arn"), null))));
            }
        }
    }

    private RuleTarget target(String id, String arn, Map<String, Object> properties, Object deadLetterArn,
                              Object messageGroupId) {
        Map<String, Object> transformer = CfnTemplate.map(properties.get("InputTransformer"));
        RuleTarget.InputTransformer inputTransformer = null;
        if (!transformer.isEmpty()) {
            Map<String, String> paths = new LinkedHashMap<>();
            CfnTemplate.map(transformer.get("InputPathsMap")).forEach((k, v) -> paths.put(k, String.valueOf(v)));
            inputTransformer = new RuleTarget.InputTransformer(paths, String.valueOf(transformer.get("InputTemplate")));
        }
        Map<String, Object> retry = CfnTemplate.map(properties.get("RetryPolicy"));
        RuleTarget.RetryPolicy policy = new RuleTarget.RetryPolicy(
                number(retry.get("MaximumRetryAttempts"), RuleTarget.RetryPolicy.DEFAULT.maximumRetryAttempts()),
                number(retry.get("MaximumEventAgeInSeconds"),
                        RuleTarget.RetryPolicy.DEFAULT.maximumEventAgeSeconds()));
        return new RuleTarget(id, arn, (String) properties.get("Input"), (String) properties.get("InputPath"),
                inputTransformer, policy, deadLetterArn == null ? null : String.valueOf(deadLetterArn),
                messageGroupId == null ? null : String.valueOf(messageGroupId));
    }

    private static int number(Object value, int fallback) {
        return value == null ? fallback : Integer.parseInt(String.valueOf(value));
    }

    private static String busName(Object value) {
        if (value == null) {
            return DEFAULT_BUS;
        }
        String name = String.valueOf(value);
        return name.startsWith("arn:") ? name.substring(name.lastIndexOf('/') + 1) : name;
    }

    private static String patternText(String where, Object pattern) {
        if (pattern == null) {
            throw new IllegalArgumentException(where + " has no event pattern");
        }
        if (pattern instanceof String text) {
            return text;
        }
        try {
            return Jsons.MAPPER.writeValueAsString(pattern);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + " has an event pattern that is not JSON", e);
        }
    }
}
