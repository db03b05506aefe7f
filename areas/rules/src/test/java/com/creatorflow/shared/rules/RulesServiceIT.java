package com.creatorflow.shared.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.error.RuleSetConflict;
import com.creatorflow.shared.error.RuleSetNotFound;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.AuditRecord;
import com.creatorflow.shared.testing.TestStack;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule sets in the local DynamoDB: immutable versions, the active pointer, dry runs and recorded decisions. */
class RulesServiceIT {
    private static final String RULES = """
            {"timeZone": "America/Los_Angeles", "rules": [
              {"id": "tees", "name": "Tag tees", "priority": 10, "pattern": {"sku": [{"prefix": "TEE-"}]},
               "actions": [{"type": "addTag", "tag": "apparel"}, {"type": "setPriority", "priority": 3}]},
              {"id": "ca", "name": "California from LA", "priority": 5, "pattern": {"shipTo": {"region": ["CA"]}},
               "actions": [{"type": "routeToWarehouse", "warehouse": "LAX-1"}]}]}""";

    private final TestStack stack = TestStack.get();
    private final OrderRepository orders = OrderRepository.fromEnv(stack.env());
    private final RulesService rules = new RulesService(RuleSetStore.fromEnv(stack.env()), orders,
            Clock.fixed(Instant.parse("2026-11-25T22:30:00Z"), ZoneOffset.UTC));
    private final String tenant = TestStack.tenant();

    @Test
    void savingCreatesImmutableVersionsAndMovesTheActivePointer() {
        assertThat(rules.active(tenant).version()).isZero();
        RuleSet first = rules.save(tenant, Json.tree(RULES), "user:alex");
        RuleSet second = rules.save(tenant, Json.tree("{\"basedOnVersion\": 1, \"rules\": []}"), "user:alex");
        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(rules.active(tenant)).isEqualTo(second);
        assertThat(rules.version(tenant, 1)).isEqualTo(first);
        assertThat(rules.version(tenant, 1).rules()).hasSize(2);
        assertThat(rules.versions(tenant, 10)).extracting(RuleSet::version).containsExactly(2L, 1L);
        assertThatThrownBy(() -> rules.version(tenant, 9)).isInstanceOf(RuleSetNotFound.class);
        assertThat(rules.active(TestStack.tenant()).version()).as("another tenant sees nothing").isZero();
    }

    @Test
    void aSaveBasedOnAnOldVersionIsAConflictAndABadOneStoresNothing() {
        rules.save(tenant, Json.tree(RULES), "user:alex");
        rules.save(tenant, Json.tree(RULES), "user:sam");
        assertThatThrownBy(() -> rules.save(tenant, Json.tree("{\"basedOnVersion\": 1, \"rules\": []}"), "user:alex"))
                .isInstanceOf(RuleSetConflict.class);
        assertThatThrownBy(() -> rules.save(tenant, Json.tree(RULES.replace("\"prefix\"", "\"prefx\"")), "user:x"))
                .isInstanceOfSatisfying(ValidationFailed.class,
                        e -> assertThat(e.field()).isEqualTo("rules[0].pattern"));
        assertThat(rules.active(tenant).version()).isEqualTo(2);
    }

    @Test
    void applyingRulesSetsTagsAndPriorityAndRecordsTheDecisionOnce() {
        rules.save(tenant, Json.tree(RULES), "user:alex");
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");

        RuleDecision decision = rules.applyAndRecord(tenant, order.orderId(), "workflow:test", false);
        assertThat(decision.ruleSetVersion()).isEqualTo(1);
        assertThat(decision.matchedIds()).containsExactly("ca", "tees");
        assertThat(decision.outcome().warehouse()).isEqualTo("LAX-1");

        Order after = orders.get(tenant, order.orderId());
        assertThat(after.tags()).containsExactlyInAnyOrder("live-drop", "apparel");
        assertThat(after.priority()).isEqualTo(3);
        List<AuditRecord> trail = orders.history(tenant, order.orderId());
        AuditRecord entry = trail.get(trail.size() - 1);
        assertThat(entry.action()).isEqualTo(RulesService.AUDIT_ACTION);
        assertThat(entry.actor()).isEqualTo("workflow:test");
        JsonNode details = Json.tree(entry.details());
        assertThat(details.get("ruleSetVersion").asLong()).isEqualTo(1);
        assertThat(details.at("/matched/0/id").asText()).isEqualTo("ca");
        assertThat(details.at("/outcome/warehouse").asText()).isEqualTo("LAX-1");
        assertThat(details.at("/changes/changed").toString()).isEqualTo("[\"tags\",\"priority\"]");
        assertThat(orders.verifyAudit(after).problems()).isEmpty();

        RuleDecision again = rules.applyAndRecord(tenant, order.orderId(), "workflow:test", false);
        assertThat(again).isEqualTo(decision);
        assertThat(orders.history(tenant, order.orderId())).hasSize(trail.size());
    }

    @Test
    void withoutRulesTheDecisionIsRecordedAsNothingApplied() {
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        RuleDecision decision = rules.applyAndRecord(tenant, order.orderId(), "workflow:test", false);
        assertThat(decision.ruleSetVersion()).isZero();
        assertThat(orders.history(tenant, order.orderId())).last()
                .satisfies(entry -> assertThat(entry.reason()).contains("no rules"));
    }

    @Test
    void aDryRunOnAStoredOrderShowsWhatWouldHappenAndChangesNothing() {
        rules.save(tenant, Json.tree(RULES), "user:alex");
        Order order = orders.create(Orders.sample(tenant), "system:test", "imported");
        DryRunResult result = rules.dryRun(tenant, Json.tree("{\"orderId\": \"" + order.orderId() + "\"}"));
        assertThat(result.ruleSource()).isEqualTo("active");
        assertThat(result.decision().matchedIds()).containsExactly("ca", "tees");
        assertThat(result.resultingTags()).containsExactly("apparel", "live-drop");
        assertThat(result.resultingPriority()).isEqualTo(3);
        assertThat(result.document().get("hourOfDay").asInt()).isEqualTo(14);
        assertThat(orders.get(tenant, order.orderId()).version()).isEqualTo(1);
    }

    @Test
    void aDryRunTriesDraftRulesOnASampleOrderAtAGivenTime() {
        String sample = Json.write(Orders.sample(tenant));
        DryRunResult result = rules.dryRun(tenant, Json.tree("""
                {"order": %s, "at": "2026-11-26T02:00:00Z", "timeZone": "America/New_York", "rules": [
                  {"id": "night", "name": "night orders", "priority": 1, "pattern": {"hourOfDay": [{"numeric": [">=", 20]}]},
                   "actions": [{"type": "useCarrier", "carrier": "UPS", "serviceLevel": "NEXT_DAY"}]}]}"""
                .formatted(sample)));
        assertThat(result.ruleSource()).isEqualTo("draft");
        assertThat(result.decision().outcome().serviceLevel()).isEqualTo("NEXT_DAY");
        assertThatThrownBy(() -> rules.dryRun(tenant, Json.tree("{\"rules\": []}")))
                .isInstanceOfSatisfying(ValidationFailed.class, e -> assertThat(e.field()).isEqualTo("order"));
    }
}
