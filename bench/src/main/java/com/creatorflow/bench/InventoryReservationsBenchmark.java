package com.creatorflow.bench;

import com.creatorflow.shared.inventory.InventoryRepository;
import com.creatorflow.shared.inventory.ReservationStore;
import com.creatorflow.shared.inventory.domain.MovementKind;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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
        try (DurableDynamo local = DurableDynamo.start("inventory")) {
            DynamoDbClient dynamo = local.client();
            LoadRunner.Result raw = local.rawConditionalPuts(report, THREADS, WARMUP_SECONDS, SECONDS);

            InventoryRepository inventory = new InventoryRepository(dynamo, local.table("InventoryTable"),
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
            var outcome = inventory.reservations().reserve(TENANT, name + "-" + thread + "-" + i, needs, List.of(),
                    Clock.systemUTC().instant().plus(Duration.ofHours(1)), null);
            if (outcome.outcome() != ReservationStore.ReserveResult.Outcome.RESERVED) {
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
