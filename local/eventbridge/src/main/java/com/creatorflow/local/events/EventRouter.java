package com.creatorflow.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.event.ruler.Machine;

/**
 * The buses and their rules: checks each PutEvents entry as EventBridge does, wraps it in the event envelope,
 * matches it against its bus's rules with event-ruler (one {@link Machine} per bus) and hands every (rule, target)
 * to the delivery engine. Rules come from the template; a rule with {@code State: DISABLED} matches nothing until
 * EnableRule turns it on (and DisableRule off again), as in EventBridge. Once the rules are known, the delivery
 * engine sends again the deliveries its journal kept from before a crash or stop ({@link EventDelivery#resume}).
 */
public final class EventRouter {
    /** Largest PutEvents request, in EventBridge's own byte count. */
    public static final int MAX_REQUEST_BYTES = 256 * 1024;
    /** Most entries in one PutEvents request. */
    public static final int MAX_ENTRIES = 10;

    private final String region;
    private final String account;
    private final Map<String, Bus> buses = new LinkedHashMap<>();
    private final EventDelivery delivery;

    /** The rules of one bus and their matcher. */
    private record Bus(String name, String arn, Map<String, BusRule> rulesByArn, Machine machine) {
    }

    /**
     * @param busNames the buses that exist
     * @param rules every rule (on those buses)
     * @param delivery where matched events go
     * @param region the local region
     * @param account the local account id
     */
    public EventRouter(Set<String> busNames, List<BusRule> rules, EventDelivery delivery, String region,
                       String account) {
        this.region = region;
        this.account = account;
        this.delivery = delivery;
        for (String name : busNames) {
            buses.put(name, new Bus(name, "arn:aws:events:" + region + ":" + account + ":event-bus/" + name,
                    Collections.synchronizedMap(new LinkedHashMap<>()), new Machine()));
        }
        for (BusRule rule : rules) {
            Bus bus = buses.get(rule.busName());
            if (bus == null) {
                throw new IllegalArgumentException("rule " + rule.name() + " listens on bus " + rule.busName()
                        + ", which the template does not declare");
            }
            bus.rulesByArn().put(rule.arn(), rule);
            if (rule.enabled()) {
                try {
                    bus.machine().addRule(rule.arn(), rule.eventPattern());
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException("rule " + rule.name() + " has an invalid event pattern: "
                            + e.getMessage(), e);
                }
            }
        }
        delivery.resume(this::ruleByArn);
    }

    private Optional<BusRule> ruleByArn(String ruleArn) {
        return buses.values().stream().map(bus -> bus.rulesByArn().get(ruleArn)).filter(rule -> rule != null)
                .findFirst();
    }

    /** Bus names with their ARNs. */
    public Map<String, String> buses() {
        Map<String, String> arns = new LinkedHashMap<>();
        buses.values().forEach(bus -> arns.put(bus.name(), bus.arn()));
        return arns;
    }

    /** The rules of a bus (empty when there is no such bus). */
    public List<BusRule> rules(String busName) {
        Bus bus = buses.get(busName(busName));
        if (bus == null) {
            return List.of();
        }
        synchronized (bus.rulesByArn()) {
            return List.copyOf(bus.rulesByArn().values());
        }
    }

    /**
     * EnableRule / DisableRule: whether a rule matches events from now on.
     *
     * @return the rule as it is now, or empty when there is no such rule on the bus
     */
    public Optional<BusRule> setEnabled(String busName, String ruleName, boolean enabled) {
        Bus bus = buses.get(busName(busName));
        if (bus == null) {
            return Optional.empty();
        }
        synchronized (bus.rulesByArn()) {
            Optional<BusRule> found = bus.rulesByArn().values().stream().filter(r -> r.name().equals(ruleName))
                    .findFirst();
            if (found.isEmpty() || found.get().enabled() == enabled) {
                return found;
            }
            BusRule rule = found.get();
            BusRule changed = new BusRule(rule.name(), rule.arn(), rule.busName(), rule.eventPattern(), enabled,
                    rule.description(), rule.targets());
            bus.rulesByArn().put(rule.arn(), changed);
            try {
                if (enabled) {
                    bus.machine().addRule(rule.arn(), rule.eventPattern());
                } else {
                    bus.machine().deleteRule(rule.arn(), rule.eventPattern());
                }
            } catch (IOException e) {
                throw new IllegalStateException("rule " + rule.name() + " has an invalid event pattern", e);
            }
            return Optional.of(changed);
        }
    }

    /** Whether a bus exists. */
    public boolean hasBus(String busName) {
        return buses.containsKey(busName(busName));
    }

    /** A rule by name on a bus. */
    public Optional<BusRule> rule(String busName, String ruleName) {
        return rules(busName).stream().filter(rule -> rule.name().equals(ruleName)).findFirst();
    }

    /** The size EventBridge counts for a request: each entry's Time, Source, DetailType, Detail and Resources. */
    public static int requestSize(JsonNode entries) {
        int size = 0;
        for (JsonNode entry : entries) {
            if (entry.hasNonNull("Time")) {
                size += 14;
            }
            size += bytes(entry.get("Source")) + bytes(entry.get("DetailType")) + bytes(entry.get("Detail"));
            JsonNode resources = entry.get("Resources");
            if (resources != null && resources.isArray()) {
                for (JsonNode resource : resources) {
                    size += bytes(resource);
                }
            }
        }
        return size;
    }

    private static int bytes(JsonNode text) {
        return text == null || !text.isTextual() ? 0 : text.asText().getBytes(StandardCharsets.UTF_8).length;
    }

    /** Routes the entries of a (size-checked) PutEvents request; one result per entry, in order. */
    public ArrayNode put(JsonNode entries) {
        ArrayNode results = Jsons.MAPPER.createArrayNode();
        for (JsonNode entry : entries) {
            results.add(putOne(entry));
        }
        return results;
    }

    private ObjectNode putOne(JsonNode entry) {
        String source = text(entry, "Source");
        String detailType = text(entry, "DetailType");
        String detailText = text(entry, "Detail");
        if (source == null) {
            return error("InvalidArgument", "Parameter Source is not valid. Reason: Source is a required argument.");
        }
        if (detailType == null) {
            return error("InvalidArgument",
                    "Parameter DetailType is not valid. Reason: DetailType is a required argument.");
        }
        if (detailText == null) {
            return error("InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument.");
        }
        if (source.length() > 256 || detailType.length() > 128) {
            return error("InvalidArgument", source.length() > 256
                    ? "Parameter Source is not valid. Reason: Source is at most 256 characters."
                    : "Parameter DetailType is not valid. Reason: DetailType is at most 128 characters.");
        }
        if (source.startsWith("aws.")) {
            return error("NotAuthorizedForSourceException", "Not authorized for the source.");
        }
        JsonNode detail;
        try {
            detail = Jsons.MAPPER.readTree(detailText);
        } catch (IOException e) {
            detail = null;
        }
        if (detail == null || !detail.isObject()) {
            return error("MalformedDetail", "Detail is malformed.");
        }
        String busName = busName(text(entry, "EventBusName"));
        Bus bus = buses.get(busName);
        if (bus == null) {
            return error("ResourceNotFoundException", "Event bus " + busName + " does not exist.");
        }
        ObjectNode event = envelope(entry, source, detailType, detail);
        List<BusRule> matched = new ArrayList<>();
        for (String ruleArn : bus.machine().rulesForJSONEvent(event)) {
            matched.add(bus.rulesByArn().get(ruleArn));
        }
        int deliveries = matched.stream().mapToInt(rule -> rule.targets().size()).sum();
        if (!delivery.reserve(deliveries)) {
            return error("ThrottlingException", "Rate exceeded.");
        }
        String eventText = event.toString();
        String ingestionTime = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        String eventId = event.get("id").asText();
        for (BusRule rule : matched) {
            for (RuleTarget target : rule.targets()) {
                String payload;
                try {
                    payload = TargetInput.render(target, rule, event, ingestionTime);
                } catch (RuntimeException e) {
                    payload = null;
                }
                EventDelivery.Job job = new EventDelivery.Job(rule, target, eventId, eventText, payload,
                        Instant.now(), 1);
                delivery.submit(job);
            }
        }
        ObjectNode ok = Jsons.MAPPER.createObjectNode();
        ok.put("EventId", eventId);
        return ok;
    }

    private ObjectNode envelope(JsonNode entry, String source, String detailType, JsonNode detail) {
        ObjectNode event = Jsons.MAPPER.createObjectNode();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", detailType);
        event.put("source", source);
        event.put("account", account);
        JsonNode time = entry.get("Time");
        Instant at = time != null && time.isNumber()
                ? Instant.ofEpochMilli((long) (time.asDouble() * 1000)) : Instant.now();
        event.put("time", at.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", region);
        ArrayNode resources = event.putArray("resources");
        JsonNode given = entry.get("Resources");
        if (given != null && given.isArray()) {
            given.forEach(resources::add);
        }
        event.set("detail", detail);
        return event;
    }

    private static String busName(String nameOrArn) {
        if (nameOrArn == null || nameOrArn.isBlank()) {
            return TemplateRules.DEFAULT_BUS;
        }
        return nameOrArn.startsWith("arn:") ? nameOrArn.substring(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isEmpty() ? null : value.asText();
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode result = Jsons.MAPPER.createObjectNode();
        result.put("ErrorCode", code);
        result.put("ErrorMessage", message);
        return result;
    }
}
