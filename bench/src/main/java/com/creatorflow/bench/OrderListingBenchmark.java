package com.creatorflow.bench;

import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.order.Address;
import com.creatorflow.shared.order.Buyer;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.Pii;
import com.creatorflow.shared.order.ShipmentPackage;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.domain.OrderQuery;
import com.creatorflow.shared.store.domain.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The orders list under one big creator: {@code --orders N} orders (default 20,000) of one tenant seeded through the
 * repository over 90 days, then each listing, filter and search of {@code GET /v1/orders} run {@code --runs N} times
 * (default 200) through {@link OrderRepository#search}, against two raw baselines in the same run: a plain Query of
 * 50 items on the {@code byUpdated} index and a plain GetItem. Shows what a rare filter costs with the never-empty
 * page rule and what the sparse and lookup keys save.
 */
public final class OrderListingBenchmark implements Benchmark {
    private static final int ORDERS = Integer.getInteger("orders-list.orders", 20_000);
    private static final int RUNS = Integer.getInteger("orders-list.runs", 200);
    private static final int SEEDERS = 16;
    private static final int PAGE = 50;
    private static final String TENANT = "list-creator";
    private static final Instant START = Instant.parse("2026-08-01T00:00:00Z");
    private static final Duration SPAN = Duration.ofDays(90);

    @Override
    public String name() {
        return "orders-list";
    }

    @Override
    public String description() {
        return "orders list, filters and searches (p50/p95/p99) over 20,000 orders of one tenant vs a raw Query and "
                + "GetItem in the same run (durable Dynoxide)";
    }

    /** A clock each seeding thread sets to the creation time of the order it writes. */
    private static final class SeedClock extends Clock {
        private final ThreadLocal<Instant> now = ThreadLocal.withInitial(Instant::now);

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    @Override
    public void run(BenchReport report) throws Exception {
        try (DurableDynamo local = DurableDynamo.start("orders-list")) {
            DynamoDbClient dynamo = local.client();
            SeedClock clock = new SeedClock();
            OrderRepository orders = new OrderRepository(dynamo, local.table("OrdersTable"),
                    local.table("AuditLogTable"), PiiCipher.withKey(Base64.getDecoder().decode(PiiCipher.newKey())),
                    clock);
            seed(report, orders, clock);

            String table = local.table("OrdersTable");
            String someId = orders.search(TENANT, OrderQuery.all(), 1, null).items().get(0).orderId();
            Map<String, Supplier<Integer>> cases = new LinkedHashMap<>();
            cases.put("raw_getitem", () -> dynamo.getItem(r -> r.tableName(table).consistentRead(true)
                    .key(Map.of("tenantId", AttributeValue.fromS(TENANT), "orderId", AttributeValue.fromS(someId))))
                    .hasItem() ? 1 : 0);
            cases.put("raw_query_50", () -> dynamo.query(r -> r.tableName(table).indexName("byUpdated")
                    .keyConditionExpression("tenantId = :t").scanIndexForward(false).limit(PAGE)
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(TENANT)))).count());
            Instant day = START.plus(Duration.ofDays(45));
            cases.put("recent", list(orders, OrderQuery.all()));
            cases.put("by_created", list(orders, OrderQuery.builder().sort(OrderQuery.Sort.CREATED).build()));
            cases.put("state_by_created", list(orders, OrderQuery.builder().state(OrderState.SHIPPED)
                    .sort(OrderQuery.Sort.CREATED).build()));
            cases.put("needs_attention", list(orders, OrderQuery.builder().needsAttention(true).build()));
            cases.put("created_one_day", list(orders, OrderQuery.builder().created(day, day.plus(Duration.ofDays(1)))
                    .build()));
            cases.put("paid_one_day", list(orders, OrderQuery.builder().paid(day, day.plus(Duration.ofDays(1)))
                    .build()));
            cases.put("carrier_common", list(orders, OrderQuery.builder().carrier("UPS").build()));
            cases.put("carrier_rare", list(orders, OrderQuery.builder().carrier("DHL").build()));
            cases.put("tiktok_status_rare", list(orders, OrderQuery.builder()
                    .tiktokStatus(TikTokOrderStatus.CANCELLED).build()));
            cases.put("tracking", list(orders, OrderQuery.builder().trackingNumber(tracking(ORDERS / 2)).build()));
            cases.put("buyer_name", list(orders, OrderQuery.builder().buyer(name(ORDERS / 3)).build()));
            cases.put("buyer_phone", list(orders, OrderQuery.builder().buyer(phone(ORDERS / 3)).build()));

            report.note(String.format(Locale.ROOT, "  %-20s %8s %8s %8s %8s", "case", "items", "p50 ms", "p95 ms",
                    "p99 ms"));
            for (Map.Entry<String, Supplier<Integer>> entry : cases.entrySet()) {
                for (int i = 0; i < Math.min(20, RUNS); i++) {
                    entry.getValue().get();
                }
                long[] nanos = new long[RUNS];
                int items = 0;
                for (int i = 0; i < RUNS; i++) {
                    long started = System.nanoTime();
                    items = entry.getValue().get();
                    nanos[i] = System.nanoTime() - started;
                }
                double p50 = BenchReport.percentileMillis(nanos, 50);
                double p95 = BenchReport.percentileMillis(nanos, 95);
                report.note(String.format(Locale.ROOT, "  %-20s %8d %8.1f %8.1f %8.1f", entry.getKey(), items, p50,
                        p95, BenchReport.percentileMillis(nanos, 99)));
                report.figure(entry.getKey() + "_p95", p95, "ms");
            }
            report.note(String.format(Locale.ROOT, "%d orders of one tenant over %d days (1%% NEEDS_ATTENTION, 0.5%% "
                    + "DHL, 1%% TikTok CANCELLED, one buyer per 50 orders); pages of %d; each case %d times in a row "
                    + "after 20 warm-up runs, one thread", ORDERS, SPAN.toDays(), PAGE, RUNS));
        }
    }

    private static Supplier<Integer> list(OrderRepository orders, OrderQuery query) {
        return () -> {
            Page<Order> page = orders.search(TENANT, query, PAGE, null);
            return page.items().size();
        };
    }

    private static String tracking(int i) {
        return String.format(Locale.ROOT, "1Z999AA1%010d", i);
    }

    private static String name(int i) {
        return "Buyer Number " + (i / 50);
    }

    private static String phone(int i) {
        return String.format(Locale.ROOT, "+1 415 %07d", i / 50);
    }

    private static void seed(BenchReport report, OrderRepository orders, SeedClock clock) throws Exception {
        ParallelSeeding.run(report, ORDERS, SEEDERS, 5_000, i -> {
            Instant created = START.plus(SPAN.multipliedBy(i).dividedBy(ORDERS));
            clock.now.set(created);
            Order order = order(i, created);
            if (order.state() == OrderState.NEEDS_ATTENTION) {
                Order ready = orders.create(order.toBuilder().state(OrderState.READY).build(), "system:bench",
                        "seeded");
                orders.transition(ready, OrderState.NEEDS_ATTENTION, "system:bench", "seeded");
            } else {
                orders.create(order, "system:bench", "seeded");
            }
        });
    }

    /**
     * The i-th order: shipped mostly, with a carrier, a tracking number and a buyer shared by 50 orders (a
     * NEEDS_ATTENTION one is stored READY and moved, as create takes only entry states).
     */
    private static Order order(int i, Instant created) {
        OrderState state = i % 100 == 0 ? OrderState.NEEDS_ATTENTION : i % 10 < 2 ? OrderState.READY
                : OrderState.SHIPPED;
        String carrier = i % 200 == 7 ? "DHL" : i % 2 == 0 ? "UPS" : "USPS";
        Address address = new Address(name(i), phone(i), "1 Main St", null, "Los Angeles", "CA", "90026", "US");
        Order.Builder order = Orders.sample(TENANT).toBuilder().state(state)
                .tiktokStatus(i % 100 == 5 ? TikTokOrderStatus.CANCELLED : TikTokOrderStatus.AWAITING_SHIPMENT)
                .paidAt(created.minus(Duration.ofMinutes(5)))
                .pii(new Pii(new Buyer("b" + i / 50, name(i), "b@relay.example", null), address))
                .packages(List.of(new ShipmentPackage("P" + i, List.of(), "LABELED", carrier, "GROUND", tracking(i),
                        null, null)));
        return order.build();
    }
}
