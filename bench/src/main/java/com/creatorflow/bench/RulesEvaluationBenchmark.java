package com.creatorflow.bench;

import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.Money;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.ShipTo;
import com.creatorflow.shared.order.Totals;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.rules.CompiledRuleSet;
import com.creatorflow.shared.rules.Rule;
import com.creatorflow.shared.rules.RuleSet;
import com.creatorflow.shared.rules.RuleSetParser;
import com.creatorflow.shared.rules.domain.OrderDocument;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import software.amazon.event.ruler.Machine;

/**
 * Creators' rule evaluations per second: a 50-rule set compiled into one event-ruler machine (what the rules engine
 * does) against the same rules in one machine each, matched one after the other (the baseline), both
 * including the building of the order document, over 1,000 varied orders.
 */
public final class RulesEvaluationBenchmark implements Benchmark {
    private static final int RULES = 50;
    private static final Instant NOW = Instant.parse("2026-11-25T22:30:00Z");

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public String description() {
        return "rule evaluations/s: 50 rules in one event-ruler machine vs one machine per rule";
    }

    @Override
    public void run(BenchReport report) throws Exception {
        RuleSet rules = ruleSet();
        CompiledRuleSet compiled = CompiledRuleSet.compile(rules);
        List<Machine> oneMachineEach = new ArrayList<>();
        for (Rule rule : rules.rules()) {
            Machine machine = new Machine();
            machine.addRule(rule.id(), Json.write(rule.pattern()));
            oneMachineEach.add(machine);
        }
        List<Order> orders = orders();
        int threads = Runtime.getRuntime().availableProcessors();

        LoadRunner.Result naive = LoadRunner.run(threads, 1, 4, (thread, i) -> {
            Order order = orders.get((int) (i % orders.size()));
            JsonNode doc = OrderDocument.of(order, ZoneOffset.UTC, NOW);
            for (Machine machine : oneMachineEach) {
                machine.rulesForJSONEvent(doc);
            }
        });
        report.figure("machine_per_rule_per_s", naive.perSecond(), "orders/s");
        LoadRunner.Result machine = LoadRunner.run(threads, 1, 4, (thread, i) ->
                compiled.evaluate(orders.get((int) (i % orders.size())), NOW));
        report.figure("machine_per_s", machine.perSecond(), "orders/s");
        report.figure("machine_p99", machine.p(99), "ms");
        report.figure("ratio_to_machine_per_rule", machine.perSecond() / naive.perSecond(), "x");
        report.note(RULES + " rules (prefix, numeric, region, $or, time of day, line conditions), " + orders.size()
                + " orders, " + threads + " threads; each evaluation builds the order document, matches, orders by "
                + "priority and merges actions");
    }

    private static RuleSet ruleSet() {
        ObjectNode body = Json.object();
        ArrayNode rules = body.putArray("rules");
        String[] regions = {"CA", "NY", "TX", "WA", "FL"};
        for (int i = 0; i < RULES; i++) {
            String pattern = switch (i % 5) {
                case 0 -> "{\"sku\": [{\"prefix\": \"SKU-" + i + "-\"}]}";
                case 1 -> "{\"total\": [{\"numeric\": [\">\", " + (20 + i * 10) + "]}], \"shipTo\": {\"region\": [\""
                        + regions[i % regions.length] + "\"]}}";
                case 2 -> "{\"$or\": [{\"tags\": [\"tag-" + i + "\"]}, {\"unitCount\": [{\"numeric\": [\">=\", "
                        + (i % 7 + 2) + "]}]}]}";
                case 3 -> "{\"hourOfDay\": [{\"numeric\": [\">=\", " + (i % 24) + "]}], \"isPaid\": [true]}";
                default -> "{\"lines\": {\"sku\": [{\"prefix\": \"SKU-" + i + "\"}], \"quantity\": [{\"numeric\": "
                        + "[\">=\", 2]}]}}";
            };
            rules.add(Json.tree("{\"id\": \"r" + i + "\", \"name\": \"rule " + i + "\", \"priority\": " + i
                    + ", \"pattern\": " + pattern + ", \"actions\": [{\"type\": \"addTag\", \"tag\": \"t" + i + "\"}]}"));
        }
        return RuleSetParser.parse("bench", body);
    }

    private static List<Order> orders() {
        List<Order> orders = new ArrayList<>();
        String[] regions = {"CA", "NY", "TX", "WA", "FL", "OR"};
        for (int i = 0; i < 1_000; i++) {
            Order sample = Orders.sample("bench");
            List<com.creatorflow.shared.order.LineItem> lines = new ArrayList<>();
            for (var line : sample.lines()) {
                lines.add(new com.creatorflow.shared.order.LineItem("SKU-" + (i % RULES) + "-" + line.sku(),
                        line.productId(), line.productName(), line.skuName(), line.quantity() + i % 3,
                        line.unitPrice(), line.tiktokLineIds()));
            }
            Money total = Money.parse(Integer.toString(10 + i % 500), "USD");
            orders.add(sample.toBuilder().lines(lines)
                    .shipTo(new ShipTo("US", regions[i % regions.length], "City", "900"))
                    .totals(new Totals(total, Money.zero("USD"), Money.zero("USD"), Money.zero("USD"), total))
                    .createdAt(NOW.minusSeconds(i * 60L)).build());
        }
        return orders;
    }
}
