package com.creatorflow.shared.rules;

import com.creatorflow.shared.config.ConfigCache;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.PreconditionFailed;
import com.creatorflow.shared.error.RuleSetConflict;
import com.creatorflow.shared.error.RuleSetNotFound;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.error.VersionConflict;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.rules.domain.OrderDocument;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.AuditRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The creators' rules: save a new version (validated), read versions, try rules on an order without applying them
 * (dry run), and apply the active rules to an order, recording the decision in the order's audit trail
 * ({@value #AUDIT_ACTION}) together with the tags and priority the rules set, in one write.
 */
public final class RulesService {
    /** The audit action of a recorded rule decision. */
    public static final String AUDIT_ACTION = "RULES_APPLIED";
    private static final int MAX_COMPILED = 512;
    private static final int CONFLICT_ATTEMPTS = 3;

    private final RuleSetStore store;
    private final OrderRepository orders;
    private final Clock clock;
    private final Map<String, CompiledRuleSet> compiled = new ConcurrentHashMap<>();
    private final ConfigCache<RuleSet> activeRules;

    /**
     * @param store the rule sets
     * @param orders the orders (read for dry runs, updated when rules apply)
     * @param clock the evaluation clock
     */
    public RulesService(RuleSetStore store, OrderRepository orders, Clock clock) {
        this(store, orders, clock, Duration.ZERO);
    }

    /**
     * @param activeRulesMaxAge how long {@link #applyAndRecord} serves a tenant's active rules from memory
     *        ({@link ConfigCache}); zero reads them every time (the creator-facing API)
     */
    public RulesService(RuleSetStore store, OrderRepository orders, Clock clock, Duration activeRulesMaxAge) {
        this.store = store;
        this.orders = orders;
        this.clock = clock;
        this.activeRules = new ConfigCache<>(activeRulesMaxAge, clock);
    }

    /** The service wired from an environment ({@code RULES_TABLE}, {@code ORDERS_TABLE}, {@code AUDIT_TABLE}). */
    public static RulesService fromEnv(Env env) {
        return new RulesService(RuleSetStore.fromEnv(env), OrderRepository.fromEnv(env), Clock.systemUTC());
    }

    /** The active rules of a tenant; version 0 with no rules before the first save. */
    public RuleSet active(String tenantId) {
        return store.active(tenantId).orElseGet(() -> RuleSet.none(tenantId));
    }

    /** One stored version. */
    public RuleSet version(String tenantId, long version) {
        return store.version(tenantId, version).orElseThrow(() -> new RuleSetNotFound(version));
    }

    /** The newest versions, newest first. */
    public List<RuleSet> versions(String tenantId, int limit) {
        return store.versions(tenantId, limit);
    }

    /**
     * Validates a rule set body and stores it as the next version, which becomes active. The body may carry
     * {@code basedOnVersion}: the save is then refused (409) when someone saved another version meanwhile.
     */
    public RuleSet save(String tenantId, JsonNode body, String actor) {
        return save(tenantId, body, null, actor);
    }

    /**
     * {@link #save(String, JsonNode, String)} under an HTTP precondition: with {@code ifMatch} (the version of an
     * {@code If-Match} header) the save is refused with 412 ({@link PreconditionFailed}) unless that version is
     * still the latest, whatever {@code basedOnVersion} says; without it {@code basedOnVersion} (409) applies.
     */
    public RuleSet save(String tenantId, JsonNode body, Long ifMatch, String actor) {
        if (ifMatch != null) {
            try {
                return store.saveNext(RuleSetParser.parse(tenantId, body), actor, ifMatch, clock.instant());
            } catch (RuleSetConflict e) {
                throw new PreconditionFailed("If-Match names rules version " + ifMatch
                        + " but another version was saved since; read the rules again");
            }
        }
        RuleSet draft = RuleSetParser.parse(tenantId, body);
        Long basedOn = null;
        JsonNode basedOnNode = body.get("basedOnVersion");
        if (basedOnNode != null && !basedOnNode.isNull()) {
            if (!basedOnNode.canConvertToLong() || !basedOnNode.isIntegralNumber() || basedOnNode.asLong() < 0) {
                throw new ValidationFailed("basedOnVersion", "basedOnVersion must be a version number (0 or more)");
            }
            basedOn = basedOnNode.asLong();
        }
        return store.saveNext(draft, actor, basedOn, clock.instant());
    }

    /** Evaluates a rule set against an order at a moment, without recording anything. */
    public RuleDecision evaluate(RuleSet ruleSet, Order order, Instant at) {
        return compiledFor(ruleSet).evaluate(order, at);
    }

    /**
     * Tries rules on an order without applying them. The body names the order ({@code orderId} of a stored order,
     * or {@code order}, a sample in the API's order shape), the rules ({@code rules} and {@code timeZone} for a
     * draft, or {@code version}; the active rules otherwise) and optionally the evaluation time {@code at}.
     */
    public DryRunResult dryRun(String tenantId, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new ValidationFailed("body", "a dry run needs a JSON object with orderId or order");
        }
        Instant at = at(body.get("at"));
        Order order = orderOf(tenantId, body);
        RuleSet ruleSet;
        String source;
        if (body.has("rules")) {
            ruleSet = RuleSetParser.parse(tenantId, body);
            source = "draft";
        } else if (body.hasNonNull("version")) {
            ruleSet = version(tenantId, body.get("version").asLong());
            source = "version";
        } else {
            ruleSet = active(tenantId);
            source = "active";
        }
        CompiledRuleSet rules = ruleSet.version() == 0 ? CompiledRuleSet.compile(ruleSet) : compiledFor(ruleSet);
        JsonNode document = OrderDocument.of(order, ruleSet.zone(), at);
        RuleDecision decision = rules.evaluate(document, at);
        Order after = applyTo(order, decision.outcome()).build();
        return new DryRunResult(source, ruleSet.version(), body.hasNonNull("orderId") ? order.orderId() : null,
                document, decision, List.copyOf(new TreeSet<>(after.tags())), after.priority());
    }

    /**
     * Applies the tenant's active rules to a stored order: evaluates them, sets the tags and priority they decide,
     * and records the decision as a {@value #AUDIT_ACTION} audit entry, all in one versioned write. Once recorded,
     * the decision stands: calling again returns it without a second entry (a workflow step may run twice), unless
     * {@code reapply} asks for a fresh evaluation.
     */
    public RuleDecision applyAndRecord(String tenantId, String orderId, String actor, boolean reapply) {
        for (int attempt = 1; ; attempt++) {
            Order order = orders.get(tenantId, orderId);
            if (!reapply) {
                Optional<RuleDecision> recorded = recordedDecision(tenantId, orderId);
                if (recorded.isPresent()) {
                    return recorded.get();
                }
            }
            RuleSet ruleSet = activeRules.get(tenantId, this::active);
            RuleDecision decision = evaluate(ruleSet, order, clock.instant());
            Order.Builder after = applyTo(order, decision.outcome());
            Order changed = after.build();
            Map<String, Object> details = new LinkedHashMap<>(Json.convert(decision, Map.class));
            details.put("changes", changes(order, changed));
            try {
                orders.update(order, actor, AUDIT_ACTION, reason(decision), details, builder -> builder
                        .tags(changed.tags()).priority(changed.priority()));
                return decision;
            } catch (VersionConflict e) {
                if (attempt >= CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /** The last recorded decision for an order, if rules were applied to it. */
    public Optional<RuleDecision> recordedDecision(String tenantId, String orderId) {
        List<AuditRecord> history = orders.history(tenantId, orderId);
        for (int i = history.size() - 1; i >= 0; i--) {
            AuditRecord entry = history.get(i);
            if (AUDIT_ACTION.equals(entry.action()) && entry.details() != null) {
                return Optional.of(Json.read(entry.details(), RuleDecision.class));
            }
        }
        return Optional.empty();
    }

    private CompiledRuleSet compiledFor(RuleSet ruleSet) {
        if (compiled.size() > MAX_COMPILED) {
            compiled.clear();
        }
        return compiled.computeIfAbsent(ruleSet.tenantId() + "#" + ruleSet.version(),
                ignored -> CompiledRuleSet.compile(ruleSet));
    }

    private static Order.Builder applyTo(Order order, RuleOutcome outcome) {
        TreeSet<String> tags = new TreeSet<>(order.tags());
        tags.addAll(outcome.tags());
        return order.toBuilder().tags(tags).priority(outcome.priority() != null ? outcome.priority()
                : order.priority());
    }

    private static Map<String, Object> changes(Order before, Order after) {
        Map<String, Object> old = new LinkedHashMap<>();
        Map<String, Object> now = new LinkedHashMap<>();
        List<String> changed = new ArrayList<>();
        if (!before.tags().equals(after.tags())) {
            changed.add("tags");
            old.put("tags", new TreeSet<>(before.tags()));
            now.put("tags", new TreeSet<>(after.tags()));
        }
        if (before.priority() != after.priority()) {
            changed.add("priority");
            old.put("priority", before.priority());
            now.put("priority", after.priority());
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("old", old);
        changes.put("new", now);
        changes.put("changed", changed);
        return changes;
    }

    private static String reason(RuleDecision decision) {
        if (decision.ruleSetVersion() == 0) {
            return "no rules saved yet; nothing applied";
        }
        return "rule set v" + decision.ruleSetVersion() + ": "
                + (decision.matched().isEmpty() ? "no rule matched" : "matched " + decision.matchedIds());
    }

    private Instant at(JsonNode node) {
        if (node == null || node.isNull()) {
            return clock.instant();
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new ValidationFailed("at", "at must be an ISO-8601 UTC time such as 2026-11-25T18:00:00Z");
        }
    }

    private Order orderOf(String tenantId, JsonNode body) {
        if (body.hasNonNull("orderId")) {
            JsonNode orderId = body.get("orderId");
            return orders.get(tenantId, ApiRequest.id("orderId", orderId.isValueNode() ? orderId.asText() : null));
        }
        JsonNode sample = body.get("order");
        if (sample == null || !sample.isObject()) {
            throw new ValidationFailed("order", "give orderId (a stored order) or order (a sample order object)");
        }
        Order order = ApiRequest.bind(sample, Order.class, "order");
        return order.toBuilder().tenantId(tenantId).orderId(order.orderId() == null ? "sample"
                : order.orderId()).build();
    }
}
