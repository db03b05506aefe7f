package com.creatorflow.bench;

import com.creatorflow.local.runtime.LocalRuntime;
import com.creatorflow.local.runtime.RuntimeOptions;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.inventory.InventoryService;
import com.creatorflow.shared.inventory.domain.InventoryInput;
import com.creatorflow.shared.order.LineItem;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.testing.Orders;
import com.creatorflow.shared.review.ReviewRepository;
import com.creatorflow.shared.review.domain.Review;
import com.creatorflow.shared.store.OrderRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The creators' API under a busy day's data: orders seeded straight into the tables in their final form (the items
 * the order repository's creation writes: order, CREATED audit entry, lookups; BatchWriteItem from 8 writers), spread over many tenants with one busy creator, then a mixed read/write load at a
 * fixed rate (open loop) through the local front door with real tokens, its latency per route compared with raw
 * DynamoDB GetItem calls on the same Dynoxide at the same rate in the same run. Options ({@code ./creatorflow bench
 * api --orders N --tenants N --rate R --seconds S}): 100,000 orders over 100 tenants (the busy one holds a fifth),
 * 200 requests/s for 60 s.
 */
public final class ApiBenchmark implements Benchmark {
    private static final int ORDERS = Integer.getInteger("api.orders", 100_000);
    private static final int TENANTS = Math.max(2, Integer.getInteger("api.tenants", 100));
    private static final double RATE = Double.parseDouble(System.getProperty("api.rate", "200"));
    private static final int SECONDS = Integer.getInteger("api.seconds", 60);
    private static final int WARMUP_SECONDS = 15;
    private static final int SEEDERS = 8;
    /** Orders seeded per BatchWriteItem round (their puts in batches of 25). */
    private static final int ORDERS_PER_BATCH = 5;
    private static final int SENDERS = 64;
    private static final Duration SETTLE = Duration.ofMinutes(45);
    /** How the seeded orders are spread over states (weights). */
    private static final Map<OrderState, Integer> STATES = new LinkedHashMap<>();

    static {
        STATES.put(OrderState.RECEIVED, 8);
        STATES.put(OrderState.READY, 8);
        STATES.put(OrderState.RESERVED, 4);
        STATES.put(OrderState.LABELED, 4);
        STATES.put(OrderState.SHIPPED, 50);
        STATES.put(OrderState.DELIVERED, 20);
        STATES.put(OrderState.CANCELLED, 4);
        STATES.put(OrderState.NEEDS_ATTENTION, 2);
    }

    @Override
    public String name() {
        return "api";
    }

    @Override
    public String description() {
        return "creators' API p50/p95/p99 per route at a fixed rate over 100,000 stored orders (100 tenants, one busy), "
                + "vs raw DynamoDB GetItem in the same run (durable Dynoxide)";
    }

    /** One request of the mix: a route name and how to build it for a tenant. */
    private record Route(String name, int weight, Function<Target, HttpRequest.Builder> request) {
    }

    /** What a request is about: a tenant, one of its orders and a SKU. */
    private record Target(String tenant, String orderId, String sku) {
    }

    @Override
    public void run(BenchReport report) throws Exception {
        Path dir = Files.createTempDirectory("bench-api");
        // One token per tenant stands for all of a creator's sessions here, so only the per-tenant limit applies.
        try (LocalRuntime runtime = LocalRuntime.start(new RuntimeOptions(0, 0, 0, dir, false),
                Map.of("API_TOKEN_RATE_LIMIT_PER_SECOND", "1000000"))) {
            Env env = runtime.functions().get("CreatorApiFunction").env();
            List<String> tenants = new ArrayList<>();
            for (int t = 0; t < TENANTS; t++) {
                tenants.add(String.format(Locale.ROOT, "api-creator-%03d", t));
            }
            int busy = ORDERS / 5;
            CpuMeter seeding = CpuMeter.start("front-door");
            long seedStart = System.nanoTime();
            Map<String, List<String>> orderIds = seed(report, runtime, env, tenants, busy);
            FulfilmentBenchmark.awaitQuiet(runtime, env, SETTLE);
            CpuMeter.Used seeded = seeding.used();
            report.figure("seed_and_settle_orders_per_s", ORDERS / ((System.nanoTime() - seedStart) / 1e9),
                    "orders/s");
            report.figure("seed_cpu_ms_per_order_jvm", seeded.jvm().toNanos() / 1e6 / ORDERS, "ms");
            report.figure("seed_cpu_ms_per_order_dynoxide", seeded.dynoxide().toNanos() / 1e6 / ORDERS, "ms");

            DynamoDbClient dynamo = env.aws().dynamo();
            String ordersTable = runtime.tables().get("OrdersTable");
            Random random = new Random(7);
            List<Target> targets = new ArrayList<>();
            int count = (int) (RATE * SECONDS);
            for (int k = 0; k < count; k++) {
                String tenant = random.nextInt(ORDERS) < busy ? tenants.get(0)
                        : tenants.get(1 + random.nextInt(tenants.size() - 1));
                List<String> ids = orderIds.get(tenant);
                targets.add(new Target(tenant, ids.get(random.nextInt(ids.size())),
                        TikTokShopSimulator.sellerSkus().get(random.nextInt(TikTokShopSimulator.sellerSkus().size()))));
            }
            OpenLoop.Result raw = OpenLoop.run(count / 3, RATE, SENDERS, k -> {
                Target target = targets.get((int) k);
                return dynamo.getItem(r -> r.tableName(ordersTable).consistentRead(true).key(Map.of(
                        "tenantId", AttributeValue.fromS(target.tenant()),
                        "orderId", AttributeValue.fromS(target.orderId())))).hasItem();
            });
            report.figure("raw_getitem_p50", BenchReport.percentileMillis(raw.latenciesNanos(), 50), "ms");
            report.figure("raw_getitem_p95", BenchReport.percentileMillis(raw.latenciesNanos(), 95), "ms");
            report.figure("raw_getitem_p99", BenchReport.percentileMillis(raw.latenciesNanos(), 99), "ms");

            Map<String, String> tokens = new HashMap<>();
            tenants.forEach(t -> tokens.put(t, runtime.jwt().issue(t, "bench-user", Duration.ofHours(3))));
            List<Route> routes = routes(runtime.baseUrl());
            List<Route> chosen = new ArrayList<>();
            int totalWeight = routes.stream().mapToInt(Route::weight).sum();
            for (int k = 0; k < count; k++) {
                int pick = random.nextInt(totalWeight);
                for (Route route : routes) {
                    pick -= route.weight();
                    if (pick < 0) {
                        chosen.add(route);
                        break;
                    }
                }
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            Map<String, AtomicLong> failures = new HashMap<>();
            routes.forEach(route -> failures.put(route.name(), new AtomicLong()));
            Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
            OpenLoop.Call call = k -> {
                Target target = targets.get((int) k);
                Route route = chosen.get((int) k);
                HttpRequest request = route.request().apply(target)
                        .header("Authorization", "Bearer " + tokens.get(target.tenant()))
                        .timeout(Duration.ofSeconds(30)).build();
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                statuses.computeIfAbsent(status, c -> new AtomicLong()).incrementAndGet();
                if (status / 100 != 2) {
                    failures.get(route.name()).incrementAndGet();
                    return false;
                }
                return true;
            };
            OpenLoop.run(Math.min(count, (int) (RATE * WARMUP_SECONDS)), RATE, SENDERS, call);
            statuses.clear();
            failures.values().forEach(counter -> counter.set(0));
            CpuMeter cpu = CpuMeter.start("front-door");
            Map<String, AwsUsage.Usage> usageBefore = AwsUsage.snapshot();
            OpenLoop.Result load = OpenLoop.run(count, RATE, SENDERS, call);
            CpuMeter.Used used = cpu.used();
            Map<String, AwsUsage.Usage> usageByCaller = AwsUsage.between(usageBefore, AwsUsage.snapshot());
            AwsUsage.Usage usage = AwsUsage.total(usageByCaller);
            usageByCaller.forEach((caller, spent) -> report.note(String.format(Locale.ROOT,
                    "DynamoDB by %s: %d reads (%.0f RRU), %d writes (%.0f WRU)", caller, spent.readRequests(),
                    spent.readUnits(), spent.writeRequests(), spent.writeUnits())));
            report.figure("api_requests", load.sent(), "requests");
            report.figure("api_requests_per_s", load.sent() / load.seconds(), "requests/s");
            report.figure("cpu_ms_per_request", used.total().toNanos() / 1e6 / load.sent(), "ms");
            report.figure("cpu_ms_per_request_jvm", used.jvm().toNanos() / 1e6 / load.sent(), "ms");
            report.figure("cpu_ms_per_request_front_door", used.threads().toNanos() / 1e6 / load.sent(), "ms");
            report.figure("cpu_ms_per_request_dynoxide", used.dynoxide().toNanos() / 1e6 / load.sent(), "ms");
            report.figure("dynamodb_reads_per_request", (double) usage.readRequests() / load.sent(), "calls");
            report.figure("dynamodb_read_units_per_request", usage.readUnits() / load.sent(), "RRU");
            report.figure("dynamodb_writes_per_request", (double) usage.writeRequests() / load.sent(), "calls");
            report.figure("api_not_2xx", load.sent() - load.succeeded(), "requests");
            report.note("answers by HTTP status: " + new TreeMap<>(statuses));
            report.figure("api_p50", BenchReport.percentileMillis(load.latenciesNanos(), 50), "ms");
            report.figure("api_p95", BenchReport.percentileMillis(load.latenciesNanos(), 95), "ms");
            report.figure("api_p99", BenchReport.percentileMillis(load.latenciesNanos(), 99), "ms");
            double rawP95 = BenchReport.percentileMillis(raw.latenciesNanos(), 95);
            report.figure("ratio_api_p95_to_raw_getitem_p95",
                    BenchReport.percentileMillis(load.latenciesNanos(), 95) / rawP95, "x");
            report.note(String.format(Locale.ROOT, "  %-22s %7s %8s %8s %8s %6s   %s", "route", "requests", "p50 ms",
                    "p95 ms", "p99 ms", "not 2xx", "x raw GetItem p50/p95/p99"));
            for (Route route : routes) {
                long[] mine = IntStream.range(0, count).filter(k -> chosen.get(k) == route)
                        .mapToLong(k -> load.latenciesNanos()[k]).toArray();
                double[] p = {BenchReport.percentileMillis(mine, 50), BenchReport.percentileMillis(mine, 95),
                    BenchReport.percentileMillis(mine, 99)};
                report.note(String.format(Locale.ROOT, "  %-22s %7d %8.1f %8.1f %8.1f %6d   %.0f / %.0f / %.0f",
                        route.name(), mine.length, p[0], p[1], p[2], failures.get(route.name()).get(),
                        p[0] / BenchReport.percentileMillis(raw.latenciesNanos(), 50), p[1] / rawP95,
                        p[2] / BenchReport.percentileMillis(raw.latenciesNanos(), 99)));
                report.figure(route.name() + "_p95", BenchReport.percentileMillis(mine, 95), "ms");
            }
            report.note(String.format(Locale.ROOT, "%d orders over %d tenants (%s holds %d), seeded with the "
                    + "repository's creation items by BatchWriteItem; load: %d requests open loop at %.0f/s from %d "
                    + "threads through the front "
                    + "door with each tenant's token, after %d s of the same load as warm-up; latency from each "
                    + "request's due time; raw GetItem: %d consistent reads of the same orders at the same rate; "
                    + "goal p95 < 50 ms; CPU per request: CPU time of this JVM (runtime and load driver) and of "
                    + "Dynoxide over the measured load, divided by its requests (front door: the front door's request "
                    + "threads alone: routing, token, guard, handler, its SDK calls)", ORDERS, TENANTS, tenants.get(0), busy, count, RATE, SENDERS, WARMUP_SECONDS,
                    raw.sent()));
        }
    }

    /** The mix: reads of orders, search, audit, analytics, reviews and inventory, and a stock adjustment. */
    private static List<Route> routes(URI base) {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String monthAgo = LocalDate.now(ZoneOffset.UTC).minusDays(29).toString();
        return List.of(
                new Route("orders_recent", 15, t -> get(base, "/v1/orders?limit=50")),
                new Route("orders_by_state", 10, t -> get(base, "/v1/orders?state=SHIPPED&limit=50")),
                new Route("orders_by_sku", 5, t -> get(base, "/v1/orders?sku=" + t.sku() + "&limit=50")),
                new Route("order_get", 20, t -> get(base, "/v1/orders/" + t.orderId())),
                new Route("order_search", 10, t -> get(base, "/v1/orders?q=" + t.orderId())),
                new Route("order_audit", 5, t -> get(base, "/v1/orders/" + t.orderId() + "/audit")),
                new Route("analytics", 10, t -> get(base, "/v1/analytics?from=" + monthAgo + "&to=" + today)),
                new Route("review_queue", 10, t -> get(base, "/v1/reviews")),
                new Route("inventory_list", 5, t -> get(base, "/v1/inventory/skus")),
                new Route("inventory_get", 5, t -> get(base, "/v1/inventory/skus/" + t.sku())),
                new Route("inventory_adjust", 5, t -> HttpRequest.newBuilder(base.resolve("/v1/inventory/skus/"
                        + t.sku() + "/adjustments")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"delta\": 1, \"reason\": \"bench count\"}"))));
    }

    private static HttpRequest.Builder get(URI base, String path) {
        return HttpRequest.newBuilder(base.resolve(path)).GET();
    }

    /**
     * Seeds the orders with the repository's creation items from {@value #SEEDERS} threads (states spread by
     * weight, one catalogue SKU each so that SKU filters select), an open review for each order needing attention, and stock of every SKU
     * for every tenant (tenants in parallel on as many threads); returns the order ids by tenant.
     */
    private static Map<String, List<String>> seed(BenchReport report, LocalRuntime runtime, Env env,
                                                  List<String> tenants, int busy) throws Exception {
        OrderRepository orders = OrderRepository.fromEnv(env);
        ReviewRepository reviews = new ReviewRepository(env.aws().dynamo(), runtime.tables().get("ReviewsTable"));
        InventoryService inventory = InventoryService.fromEnv(runtime.functions().get("InventoryReserveFunction")
                .env());
        List<String> skus = TikTokShopSimulator.sellerSkus();
        ForkJoinPool stockers = new ForkJoinPool(SEEDERS);
        try {
            stockers.submit(() -> tenants.parallelStream().forEach(tenant -> skus.forEach(sku -> inventory.stock().adjust(
                    tenant, sku, InventoryInput.DEFAULT_LOCATION, 10_000, "opening stock", "bench")))).get();
        } finally {
            stockers.shutdown();
        }
        List<OrderState> states = new ArrayList<>();
        STATES.forEach((state, weight) -> states.addAll(Collections.nCopies(weight, state)));
        String[] tenantOf = new String[ORDERS];
        String[] ids = new String[ORDERS];
        DynamoDbClient dynamo = env.aws().dynamo();
        ParallelSeeding.run(report, ORDERS, SEEDERS, 10_000, i -> {
            if (i % ORDERS_PER_BATCH != 0) {
                return;
            }
            List<Put> puts = new ArrayList<>();
            for (int k = i; k < Math.min(ORDERS, i + ORDERS_PER_BATCH); k++) {
                String tenant = k < busy ? tenants.get(0) : tenants.get(1 + (k - busy) % (tenants.size() - 1));
                OrderState state = states.get(k % states.size());
                Order order = order(tenant, state, skus.get(k % skus.size()));
                puts.addAll(orders.creationPuts(order, "system:bench", "seeded"));
                if (state == OrderState.NEEDS_ATTENTION) {
                    reviews.putOpen(new Review(tenant, order.orderId(), Review.OPEN, "ChooseCarrier",
                            "CarrierUnavailable", "seeded", Instant.now(), 0, false, null, null, null, null),
                            "bench-token-" + order.orderId());
                }
                tenantOf[k] = tenant;
                ids[k] = order.orderId();
            }
            for (int from = 0; from < puts.size(); from += 25) {
                batchWrite(dynamo, puts.subList(from, Math.min(puts.size(), from + 25)));
            }
        });
        Map<String, List<String>> byTenant = new HashMap<>();
        for (int i = 0; i < ORDERS; i++) {
            byTenant.computeIfAbsent(tenantOf[i], t -> new ArrayList<>()).add(ids[i]);
        }
        return byTenant;
    }

    /** Writes up to 25 puts with BatchWriteItem, again with what DynamoDB left unprocessed until none is. */
    private static void batchWrite(DynamoDbClient dynamo, List<Put> puts) throws InterruptedException {
        Map<String, List<WriteRequest>> requests = new HashMap<>();
        for (Put put : puts) {
            requests.computeIfAbsent(put.tableName(), t -> new ArrayList<>())
                    .add(WriteRequest.builder().putRequest(r -> r.item(put.item())).build());
        }
        for (int attempt = 0; !requests.isEmpty(); attempt++) {
            Map<String, List<WriteRequest>> pending = requests;
            requests = dynamo.batchWriteItem(r -> r.requestItems(pending)).unprocessedItems();
            if (!requests.isEmpty()) {
                Thread.sleep(Math.min(1_000, 20L << Math.min(attempt, 6)));
            }
        }
    }

    /** A sample order in a state whose first line is a given SKU. */
    private static Order order(String tenant, OrderState state, String sku) {
        Order sample = Orders.sample(tenant);
        List<LineItem> lines = new ArrayList<>(sample.lines());
        LineItem first = lines.get(0);
        lines.set(0, new LineItem(sku, first.productId(), first.productName(), first.skuName(), first.quantity(),
                first.unitPrice(), first.tiktokLineIds()));
        Order.Builder builder = sample.toBuilder().state(state).lines(lines);
        if (state == OrderState.NEEDS_ATTENTION) {
            builder.attentionFrom(OrderState.RESERVED).attentionReason("seeded");
        }
        return builder.build();
    }
}
