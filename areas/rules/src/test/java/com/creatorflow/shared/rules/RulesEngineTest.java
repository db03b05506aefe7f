package com.creatorflow.shared.rules;

import com.creatorflow.shared.rules.domain.OrderDocument;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.aftersale.domain.BuyerRequest;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.ShipTo;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.order.Totals;
import com.creatorflow.shared.order.testing.Orders;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The rules engine without I/O: parsing and validation, the order document, matching, precedence and merging. */
class RulesEngineTest {
    private static final Instant NOW = Instant.parse("2026-11-25T22:30:00Z");
    private final Order order = Orders.sample("tenant-a").toBuilder()
            .createdAt(Instant.parse("2026-11-25T20:00:00Z")).build();

    private static RuleSet rules(String json) {
        RuleSet draft = RuleSetParser.parse("tenant-a", Json.tree(json));
        return new RuleSet(draft.tenantId(), 3, draft.timeZone(), draft.rules(), NOW, "user:test");
    }

    private static RuleDecision evaluate(String json, Order order) {
        return CompiledRuleSet.compile(rules(json)).evaluate(order, NOW);
    }

    @Test
    void aRuleSetRoutesHoldsAndTags() {
        RuleDecision decision = evaluate("""
                {"rules": [
                  {"id": "west-coast", "name": "West coast ships from LA", "priority": 10,
                   "pattern": {"shipTo": {"country": ["US"], "region": ["CA", "OR", "WA"]}},
                   "actions": [{"type": "routeToWarehouse", "warehouse": "LAX-1"}]},
                  {"id": "tees", "name": "Tag tee orders", "priority": 20,
                   "pattern": {"sku": [{"prefix": "TEE-"}]},
                   "actions": [{"type": "addTag", "tag": "apparel"}]},
                  {"id": "big", "name": "Hold big orders", "priority": 5,
                   "pattern": {"total": [{"numeric": [">=", 50]}]},
                   "actions": [{"type": "holdForReview", "reason": "order of 50 or more"}]},
                  {"id": "eu", "name": "EU from Berlin", "priority": 1,
                   "pattern": {"shipTo": {"country": ["DE", "FR"]}},
                   "actions": [{"type": "routeToWarehouse", "warehouse": "BER-1"}]}
                ]}""", order);
        assertThat(decision.ruleSetVersion()).isEqualTo(3);
        assertThat(decision.matchedIds()).containsExactly("big", "west-coast", "tees");
        RuleOutcome outcome = decision.outcome();
        assertThat(outcome.hold()).isTrue();
        assertThat(outcome.holdReasons()).containsExactly("order of 50 or more");
        assertThat(outcome.warehouse()).isEqualTo("LAX-1");
        assertThat(outcome.tags()).containsExactly("apparel");
        assertThat(outcome.decidedBy()).containsEntry("warehouse", "west-coast");
    }

    @Test
    void lowerPriorityNumbersComeFirstAndTheFirstSingleValueWins() {
        RuleDecision decision = evaluate("""
                {"rules": [
                  {"id": "second", "name": "b", "priority": 20, "pattern": {"state": ["RECEIVED"]},
                   "actions": [{"type": "useCarrier", "carrier": "UPS", "serviceLevel": "GROUND"},
                               {"type": "setPriority", "priority": 1}, {"type": "addTag", "tag": "b"}]},
                  {"id": "first", "name": "a", "priority": 10, "pattern": {"state": ["RECEIVED"]},
                   "actions": [{"type": "useCarrier", "carrier": "USPS"}, {"type": "setPriority", "priority": 5},
                               {"type": "addTag", "tag": "a"}]}
                ]}""", order);
        assertThat(decision.matchedIds()).containsExactly("first", "second");
        assertThat(decision.outcome().carrier()).isEqualTo("USPS");
        assertThat(decision.outcome().serviceLevel()).as("not set by the first rule, so the next one sets it")
                .isEqualTo("GROUND");
        assertThat(decision.outcome().priority()).isEqualTo(5);
        assertThat(decision.outcome().tags()).containsExactly("a", "b");
        assertThat(decision.outcome().decidedBy()).containsEntry("carrier", "first")
                .containsEntry("serviceLevel", "second").containsEntry("priority", "first");
    }

    @Test
    void aMatchingRuleThatStopsProcessingShieldsTheRulesAfterIt() {
        String json = """
                {"rules": [
                  {"id": "vip", "name": "VIP orders skip the rest", "priority": 1, "stopProcessing": true,
                   "pattern": {"tags": ["vip"]}, "actions": [{"type": "setPriority", "priority": 50}]},
                  {"id": "hold-all", "name": "hold", "priority": 2, "pattern": {"state": ["RECEIVED"]},
                   "actions": [{"type": "holdForReview", "reason": "check"}]},
                  {"id": "off", "name": "disabled", "priority": 3, "enabled": false, "pattern": {"state": ["RECEIVED"]},
                   "actions": [{"type": "addTag", "tag": "never"}]}
                ]}""";
        RuleDecision vip = evaluate(json, order.toBuilder().tags(java.util.Set.of("vip")).build());
        assertThat(vip.matched()).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("vip");
            assertThat(m.stoppedEvaluation()).isTrue();
        });
        assertThat(vip.notEvaluated()).containsExactly("hold-all");
        assertThat(vip.outcome().hold()).isFalse();
        assertThat(vip.outcome().priority()).isEqualTo(50);

        RuleDecision normal = evaluate(json, order);
        assertThat(normal.matchedIds()).containsExactly("hold-all");
        assertThat(normal.notEvaluated()).isEmpty();
        assertThat(normal.outcome().tags()).doesNotContain("never");
    }

    @Test
    void everyActionTypeLandsInTheOutcome() {
        RuleOutcome outcome = evaluate("""
                {"rules": [{"id": "all", "name": "everything", "priority": 1, "pattern": {"type": ["STANDARD"]},
                  "actions": [
                    {"type": "holdForReview", "reason": "look"},
                    {"type": "routeToWarehouse", "warehouse": "LAX-1"},
                    {"type": "useCarrier", "carrier": "UPS", "serviceLevel": "NEXT_DAY"},
                    {"type": "addTag", "tag": "rush"},
                    {"type": "setPriority", "priority": 7},
                    {"type": "notify", "channel": "EMAIL", "message": "big order in"},
                    {"type": "splitShipment", "strategy": "MAX_UNITS", "maxUnitsPerPackage": 2},
                    {"type": "autoCancelUnpaid", "afterHours": 48}]}]}""", order).outcome();
        assertThat(outcome.hold()).isTrue();
        assertThat(outcome.warehouse()).isEqualTo("LAX-1");
        assertThat(outcome.carrier()).isEqualTo("UPS");
        assertThat(outcome.serviceLevel()).isEqualTo("NEXT_DAY");
        assertThat(outcome.tags()).containsExactly("rush");
        assertThat(outcome.priority()).isEqualTo(7);
        assertThat(outcome.notifications()).containsExactly(new RuleAction.Notify("EMAIL", "big order in", null));
        assertThat(outcome.split()).isEqualTo(new RuleAction.SplitShipment("MAX_UNITS", 2));
        assertThat(outcome.autoCancelAfterHours()).isEqualTo(48);
    }

    @Test
    void hourOfDayIsInTheCreatorsTimeZoneAndAgesAreMeasuredToNow() {
        JsonNode doc = OrderDocument.of(order, ZoneId.of("America/Los_Angeles"), NOW);
        assertThat(doc.get("hourOfDay").asInt()).isEqualTo(14);
        assertThat(doc.get("minuteOfDay").asInt()).isEqualTo(14 * 60 + 30);
        assertThat(doc.get("dayOfWeek").asText()).isEqualTo("WED");
        assertThat(doc.get("ageMinutes").asLong()).isEqualTo(150);
        assertThat(doc.get("minutesSincePaid").asLong()).isEqualTo(270);
        assertThat(doc.get("minutesToShipBy").asLong()).isEqualTo(3 * 24 * 60 - 270);
        assertThat(doc.get("total").decimalValue()).isEqualByComparingTo("56.67");
        assertThat(doc.get("totalMinor").asLong()).isEqualTo(5667);
        assertThat(doc.get("unitCount").asInt()).isEqualTo(3);
        assertThat(doc.at("/shipTo/region").asText()).isEqualTo("CA");

        String afternoon = """
                {"timeZone": "America/Los_Angeles", "rules": [{"id": "late", "name": "after 2pm ships tomorrow",
                 "priority": 1, "pattern": {"hourOfDay": [{"numeric": [">=", 14]}], "ageMinutes": [{"numeric": ["<", 180]}]},
                 "actions": [{"type": "addTag", "tag": "next-day"}]}]}""";
        assertThat(evaluate(afternoon, order).matchedIds()).containsExactly("late");
        String utc = afternoon.replace("America/Los_Angeles", "Asia/Tokyo");
        assertThat(evaluate(utc, order).matchedIds()).as("07:30 in Tokyo").isEmpty();
        Order old = order.toBuilder().createdAt(NOW.minusSeconds(4 * 3600)).build();
        assertThat(evaluate(afternoon, old).matchedIds()).isEmpty();
    }

    @Test
    void linePatternsMatchWithinOneLineAndOrMatchesEitherBranch() {
        String json = """
                {"rules": [
                  {"id": "two-tees", "name": "two or more of one tee", "priority": 1,
                   "pattern": {"lines": {"sku": ["TEE-BLK-M"], "quantity": [{"numeric": [">=", 2]}]}},
                   "actions": [{"type": "splitShipment", "strategy": "BY_SKU"}]},
                  {"id": "two-stickers", "name": "two or more stickers", "priority": 2,
                   "pattern": {"lines": {"sku": ["STICKER-01"], "quantity": [{"numeric": [">=", 2]}]}},
                   "actions": [{"type": "addTag", "tag": "stickers"}]},
                  {"id": "hold-or-unpaid", "name": "on hold or unpaid", "priority": 3,
                   "pattern": {"$or": [{"isOnHold": [true]}, {"isUnpaid": [true]}]},
                   "actions": [{"type": "autoCancelUnpaid", "afterHours": 24}]}
                ]}""";
        assertThat(evaluate(json, order).matchedIds()).containsExactly("two-tees");
        Order unpaid = order.toBuilder().tiktokStatus(TikTokOrderStatus.UNPAID).paidAt(null).build();
        assertThat(evaluate(json, unpaid).matchedIds()).containsExactly("two-tees", "hold-or-unpaid");
    }

    @Test
    void missingFieldsAreLeftOutSoExistsFalseMatchesThem() {
        Order bare = order.toBuilder().shipTo(null).shipBy(null).totals(new Totals(null, null, null, null,
                Money.parse("5.00", "USD"))).build();
        JsonNode doc = OrderDocument.of(bare, ZoneId.of("UTC"), NOW);
        assertThat(doc.has("shipTo")).isFalse();
        assertThat(doc.has("minutesToShipBy")).isFalse();
        assertThat(evaluate("""
                {"rules": [{"id": "no-address", "name": "no address yet", "priority": 1,
                  "pattern": {"shipTo": {"country": [{"exists": false}]}},
                  "actions": [{"type": "holdForReview", "reason": "no address"}]}]}""", bare).outcome().hold())
                .isTrue();
        assertThat(evaluate("""
                {"rules": [{"id": "ca", "name": "California", "priority": 1,
                  "pattern": {"shipTo": {"region": ["CA"]}}, "actions": [{"type": "addTag", "tag": "ca"}]}]}""",
                order.toBuilder().shipTo(new ShipTo("US", "CA", "Oakland", "946")).build()).matchedIds())
                .containsExactly("ca");
    }

    @Test
    void aBadPatternIsRefusedNamingTheRuleTheFieldAndTheProblem() {
        assertThatThrownBy(() -> rules("""
                {"rules": [{"id": "ok", "name": "fine", "priority": 1, "pattern": {"state": ["READY"]},
                  "actions": [{"type": "addTag", "tag": "x"}]},
                 {"id": "big-orders", "name": "bad", "priority": 2, "pattern": {"total": [{"numeric": [">", "lots"]}]},
                  "actions": [{"type": "addTag", "tag": "y"}]}]}"""))
                .isInstanceOfSatisfying(ValidationFailed.class, e -> {
                    assertThat(e.field()).isEqualTo("rules[1].pattern");
                    assertThat(e.getMessage()).contains("rule 'big-orders'").contains("pattern is not valid")
                            .contains("numeric");
                });
        assertThatThrownBy(() -> rules("""
                {"rules": [{"id": "r", "name": "n", "priority": 1, "pattern": {"state": "READY"},
                  "actions": [{"type": "addTag", "tag": "x"}]}]}"""))
                .isInstanceOfSatisfying(ValidationFailed.class,
                        e -> assertThat(e.field()).isEqualTo("rules[0].pattern"));
        assertThatThrownBy(() -> rules("""
                {"rules": [{"id": "typo", "name": "n", "priority": 1, "pattern": {"skus": ["TEE"], "shipTo": {"zip": ["9"]}},
                  "actions": [{"type": "addTag", "tag": "x"}]}]}"""))
                .isInstanceOfSatisfying(ValidationFailed.class, e -> assertThat(e.getMessage())
                        .contains("'skus'").contains("'shipTo.zip'").contains("order document does not have"));
    }

    @Test
    void aBuyerRequestDecisionNeedsAKnownKindAndARejectionOneOfTikToksReasons() {
        assertRefused("""
                {"rules": [{"id": "r", "name": "n", "priority": 1, "pattern": {"state": ["READY"]},
                  "actions": [{"type": "decideBuyerRequest", "request": "REFUND", "decision": "APPROVE"}]}]}""",
                "rules[0].actions[0]", "request must be one of");
        assertRefused("""
                {"rules": [{"id": "r", "name": "n", "priority": 1, "pattern": {"state": ["READY"]},
                  "actions": [{"type": "decideBuyerRequest", "request": "RETURN", "decision": "REJECT"}]}]}""",
                "rules[0].actions[0]", "reason is required with REJECT");
        assertRefused("""
                {"rules": [{"id": "r", "name": "n", "priority": 1, "pattern": {"state": ["READY"]},
                  "actions": [{"type": "decideBuyerRequest", "request": "CANCELLATION", "decision": "REJECT",
                               "reason": "reverse_reject_request_reason_1"}]}]}""",
                "rules[0].actions[0]", "seller_reject_apply_product_has_been_packed");
        assertRefused("""
                {"rules": [{"id": "r", "name": "n", "priority": 1, "pattern": {"state": ["READY"]},
                  "actions": [{"type": "decideBuyerRequest", "request": "CANCELLATION", "decision": "APPROVE",
                               "reason": "seller_reject_apply_product_has_been_packed"}]}]}""",
                "rules[0].actions[0]", "reason is only for REJECT");
    }

    @Test
    void theFirstMatchingRuleThatAnswersAKindOfRequestDecidesIt() {
        Order order = Orders.sample("t").toBuilder().state(OrderState.READY).build();
        RuleSet rules = RuleSetParser.parse("t", Json.tree("""
                {"rules": [
                  {"id": "tag", "name": "n", "priority": 1, "pattern": {"state": ["READY"]},
                   "actions": [{"type": "addTag", "tag": "x"}]},
                  {"id": "reject-returns", "name": "n", "priority": 2, "pattern": {"state": ["READY"]},
                   "actions": [{"type": "decideBuyerRequest", "request": "RETURN", "decision": "REJECT",
                                "reason": "reverse_reject_request_reason_3"}]},
                  {"id": "approve-cancellations", "name": "n", "priority": 3, "pattern": {"state": ["READY"]},
                   "actions": [{"type": "decideBuyerRequest", "request": "CANCELLATION", "decision": "APPROVE"}]},
                  {"id": "late", "name": "n", "priority": 4, "pattern": {"state": ["READY"]},
                   "actions": [{"type": "decideBuyerRequest", "request": "CANCELLATION", "decision": "REJECT",
                                "reason": "seller_reject_apply_product_has_been_packed"}]}]}"""));
        RuleDecision decision = CompiledRuleSet.compile(rules).evaluate(order, Instant.parse("2026-12-01T10:00:00Z"));
        var cancellation = decision.buyerRequestRule(BuyerRequest.Kind.CANCELLATION).orElseThrow();
        assertThat(cancellation.getKey()).isEqualTo("approve-cancellations");
        assertThat(cancellation.getValue().decision()).isEqualTo("APPROVE");
        assertThat(decision.buyerRequestRule(BuyerRequest.Kind.RETURN).orElseThrow().getKey())
                .isEqualTo("reject-returns");
        assertThat(decision.outcome().tags()).containsExactly("x");
    }

    @Test
    void badActionsAndRuleFieldsAreRefusedNamingTheField() {
        assertRefused("""
                {"rules": [{"id": "r", "name": "n", "priority": 1, "pattern": {"state": ["READY"]},
                  "actions": [{"type": "teleport"}]}]}""", "rules[0].actions[0].type", "teleport");
        assertRefused("""
                {"rules": [{"id": "r", "name": "n", "priority": 1, "pattern": {"state": ["READY"]},
                  "actions": [{"type": "setPriority", "priority": 1000}]}]}""", "rules[0].actions[0]", "priority");
        assertRefused("""
                {"rules": [{"id": "r", "name": "n", "priority": 1, "pattern": {"state": ["READY"]},
                  "actions": [{"type": "autoCancelUnpaid"}]}]}""", "rules[0].actions[0]", "afterHours");
        assertRefused("""
                {"rules": [{"id": "r", "name": "n", "priority": 1, "pattern": {"state": ["READY"]},
                  "actions": [{"type": "notify", "channel": "PIGEON", "message": "hi"}]}]}""", "rules[0].actions[0]",
                "channel");
        assertRefused("""
                {"rules": [{"id": "r", "name": "n", "priority": 1, "pattern": {"state": ["READY"]},
                  "actions": [{"type": "useCarrier"}]}]}""", "rules[0].actions[0]", "carrier or serviceLevel");
        assertRefused("""
                {"rules": [{"id": "r", "name": "n", "priority": 1, "pattern": {"state": ["READY"]}, "actions": []}]}""",
                "rules[0].actions", "at least one action");
        assertRefused("""
                {"rules": [{"id": "r", "name": "n", "priority": 1, "pattern": {"state": ["READY"]},
                  "actions": [{"type": "addTag", "tag": "a"}]},
                 {"id": "r", "name": "again", "priority": 2, "pattern": {"state": ["READY"]},
                  "actions": [{"type": "addTag", "tag": "b"}]}]}""", "rules[1].id", "used twice");
        assertRefused("""
                {"rules": [{"id": "r", "name": "n", "priority": -1, "pattern": {"state": ["READY"]},
                  "actions": [{"type": "addTag", "tag": "a"}]}]}""", "rules[0].priority", "priority");
        assertRefused("{\"timeZone\": \"Mars/Olympus\", \"rules\": []}", "timeZone", "Mars/Olympus");
        assertRefused("{\"rules\": {}}", "rules", "array");
    }

    private static void assertRefused(String json, String field, String mentions) {
        assertThatThrownBy(() -> rules(json)).isInstanceOfSatisfying(ValidationFailed.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(mentions);
        });
    }

    @Test
    void aRuleSetSurvivesItsJsonRoundTrip() {
        RuleSet set = rules("""
                {"timeZone": "Europe/Berlin", "rules": [{"id": "r", "name": "n", "priority": 1, "stopProcessing": true,
                  "pattern": {"sku": ["A"]}, "actions": [{"type": "splitShipment", "strategy": "BY_SKU"},
                  {"type": "notify", "channel": "SMS", "message": "m", "recipient": "+15550100"}]}]}""");
        RuleSet back = Json.read(Json.write(set), RuleSet.class);
        assertThat(back).isEqualTo(set);
    }

    @Test
    void anEmptyRuleSetDecidesNothing() {
        RuleDecision decision = CompiledRuleSet.compile(RuleSet.none("tenant-a")).evaluate(order, NOW);
        assertThat(decision.ruleSetVersion()).isZero();
        assertThat(decision.matched()).isEmpty();
        assertThat(decision.outcome()).isEqualTo(RuleOutcome.nothing());
    }
}
