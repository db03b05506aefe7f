package com.creatorflow.bench;

import com.creatorflow.local.stack.CfnTemplate;
import com.creatorflow.local.stack.Dynoxide;
import com.creatorflow.local.stack.LocalClients;
import com.creatorflow.local.stack.LocalResolver;
import com.creatorflow.local.stack.StackProvisioner;
import com.creatorflow.shared.inventory.InventoryRepository;
import com.creatorflow.shared.inventory.MovementKind;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Order reservations per second through {@link InventoryRepository} (plan from a consistent read per SKU, then one
 * TransactWriteItems: reservation + stock update and movement per line, all conditional) for 1-line and 5-line
 * orders on hot SKUs (every order takes the same SKUs) and on spread SKUs (random among 1000), against the raw
 * conditional PutItem rate of the same durable Dynoxide in the same run.
 */
public final class InventoryReservationsBenchmark implements Benchmark {
    private static final int THREADS = 16;
    private static final int SPREAD_SKUS = 1000;
    private static final String TENANT = "bench-inventory";
    private static final double WARMUP_SECONDS = 2;
    private static final double SECONDS = 6;

    @Override
    public String name() {
        return "inventory";
    }

    @Override
    public String description() {
        return "order reservations/s (1-line, 5-line; hot and spread SKUs) vs raw conditional PutItem/s "
                + "(durable Dynoxide)";
    }

    @Override
    public void run(BenchReport report) throws Exception {
        Path dir = Files.createTempDirectory("bench-inventory");
        try (Dynoxide dynoxide = Dynoxide.start(dir.resolve("bench.sqlite"), 0)) {
            DynamoDbClient dynamo = LocalClients.dynamo(dynoxide.endpoint());
            Map<String, String> tables = new StackProvisioner(new LocalResolver(CfnTemplate.project(),
                    LocalClients.REGION, URI.create("http://unused"), Map.of())).createTables(dynamo);
            String probeTable = tables.get("IdempotencyTable");
            LoadRunner.Result raw = LoadRunner.run(THREADS, WARMUP_SECONDS, SECONDS, (thread, i) ->
                    dynamo.putItem(r -> r.tableName(probeTable)
                            .item(Map.of("id", AttributeValue.fromS("raw-" + thread + "-" + i)))
                            .conditionExpression("attribute_not_exists(id)")));
            report.figure("raw_conditional_put_per_s", raw.perSecond(), "ops/s");
            report.figure("raw_conditional_put_p99", raw.p(99), "ms");

            InventoryRepository inventory = new InventoryRepository(dynamo, tables.get("InventoryTable"),
                    Clock.systemUTC(), InventoryRepository.MAX_TRANSACT_ITEMS);
            for (int i = 0; i < 5; i++) {
                inventory.changeOnHand(TENANT, "HOT-" + i, "main", 1_000_000_000L, MovementKind.ADJUST, "bench",
                        "bench", null);
            }
            for (int i = 0; i < SPREAD_SKUS; i++) {
                inventory.changeOnHand(TENANT, "SPREAD-" + i, "main", 1_000_000_000L, MovementKind.ADJUST,
                        "bench", "bench", null);
            }
            scenario(report, raw, inventory, "hot_1_line", 1, true);
            scenario(report, raw, inventory, "hot_5_lines", 5, true);
            scenario(report, raw, inventory, "spread_1_line", 1, false);
            scenario(report, raw, inventory, "spread_5_lines", 5, false);
            report.note("a reservation = one consistent Query per SKU + one TransactWriteItems of 1 + 2 x lines "
                    + "conditional actions; hot = every order takes the same SKUs (one stock item each), spread = "
                    + "random SKUs among " + SPREAD_SKUS + "; " + THREADS + " threads; the machine is shared, so "
                    + "compare ratios rather than absolute rates");
        }
    }

    private static void scenario(BenchReport report, LoadRunner.Result raw, InventoryRepository inventory,
                                 String name, int lines, boolean hot) throws Exception {
        LoadRunner.Result result = LoadRunner.run(THREADS, WARMUP_SECONDS, SECONDS, (thread, i) -> {
            Map<String, Integer> needs = new LinkedHashMap<>();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (needs.size() < lines) {
                needs.put(hot ? "HOT-" + needs.size() : "SPREAD-" + random.nextInt(SPREAD_SKUS), 1);
            }
            var outcome = inventory.reserve(TENANT, name + "-" + thread + "-" + i, needs, List.of(),
                    Clock.systemUTC().instant().plus(Duration.ofHours(1)), null);
            if (outcome.outcome() != InventoryRepository.ReserveResult.Outcome.RESERVED) {
                throw new IllegalStateException("not reserved: " + outcome.outcome());
            }
        });
        report.figure(name + ".reservations_per_s", result.perSecond(), "reservations/s");
        report.figure(name + ".p50", result.p(50), "ms");
        report.figure(name + ".p99", result.p(99), "ms");
        report.figure(name + ".errors", result.errors(), "count");
        report.figure(name + ".ratio_to_raw_put", result.perSecond() / raw.perSecond(), "x");
    }
}
