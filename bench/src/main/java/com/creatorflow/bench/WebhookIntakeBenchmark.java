package com.creatorflow.bench;

import com.creatorflow.local.runtime.LocalRuntime;
import com.creatorflow.local.runtime.RuntimeOptions;
import com.creatorflow.local.simulators.RecentKeys;
import com.creatorflow.local.simulators.tiktok.SimShop;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.local.simulators.tiktok.Webhook;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.idempotency.IdempotencyRecord;
import com.creatorflow.shared.idempotency.IdempotencyStatus;
import com.creatorflow.shared.idempotency.IdempotencyStore;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.tiktok.ShopRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Signed TikTok webhooks through the local HTTP front door at a fixed rate from many threads (open loop: latency is
 * measured from each webhook's scheduled send time, so falling behind shows), on a durable Dynoxide, with the sync
 * worker fetching from the TikTok Shop simulator and starting each order's fulfilment workflow (the orders are paid
 * straight away, so their workflows wait out TikTok's hold window after validation); then the same load with the
 * worker's event source paused, which measures the acknowledgement path alone. Checks that every acknowledged
 * webhook was stored and synced exactly once, prints the store writes per webhook on the acknowledgement path and
 * the ratio of the acknowledged rate to the raw conditional PutItem rate of the same Dynoxide in the same run.
 */
public final class WebhookIntakeBenchmark implements Benchmark {
    private static final int RATE = Integer.getInteger("webhooks.rate", 500);
    private static final int SECONDS = Integer.getInteger("webhooks.seconds", 20);
    private static final int SENDERS = Integer.getInteger("webhooks.threads", 64);
    private static final int SHOPS = 8;
    private static final String APP_KEY = "bench-app";
    private static final String APP_SECRET = "bench-secret-" + UUID.randomUUID();

    @Override
    public String name() {
        return "webhooks";
    }

    @Override
    public String description() {
        return "signed TikTok webhooks/s through the front door (ack p50/p99, lost, duplicated, writes per webhook) "
                + "vs raw conditional PutItem/s (durable Dynoxide)";
    }

    @Override
    public void run(BenchReport report) throws Exception {
        Path dir = Files.createTempDirectory("bench-webhooks");
        try (TikTokShopSimulator simulator = TikTokShopSimulator.start(APP_KEY, APP_SECRET);
             LocalRuntime runtime = LocalRuntime.start(new RuntimeOptions(0, 0, 0, dir, false), Map.of(
                     "TIKTOK_APP_KEY", APP_KEY, "TIKTOK_APP_SECRET", APP_SECRET,
                     "TIKTOK_API_URL", simulator.baseUrl().toString(),
                     "TIKTOK_AUTH_URL", simulator.baseUrl().toString()))) {
            Env env = runtime.functions().get("TikTokSyncFunction").env();
            DynamoDbClient dynamo = env.aws().dynamo();
            LoadRunner.Result raw = DurableDynamo.rawConditionalPuts(report, dynamo,
                    runtime.tables().get("IdempotencyTable"), 16, 2, 6);

            ShopRegistry shops = ShopRegistry.fromEnv(env);
            List<SimShop> simShops = new ArrayList<>();
            Map<String, String> tenantByShop = new HashMap<>();
            for (int s = 0; s < SHOPS; s++) {
                SimShop shop = simulator.addShop("bench shop " + s);
                simShops.add(shop);
                tenantByShop.put(shop.id(), "bench-tenant-" + s);
                shops.save(shop.toShop("bench-tenant-" + s));
            }
            int warmup = RATE * 3;
            int measured = RATE * SECONDS;
            URI intake = runtime.baseUrl().resolve("/webhooks/tiktok");
            long workerWritesBefore = writes("TikTokSyncFunction");
            IdempotencyStore records = IdempotencyStore.fromEnv(env);
            OrderRepository orders = OrderRepository.fromEnv(env);
            List<Webhook> warm = paidOrderWebhooks(simulator, simShops, warmup);
            send(intake, warm);
            drain(env, runtime.queues().get("OrderSyncQueue"), Duration.ofMinutes(5));
            Tally tally = check(warm, simulator, records, orders, tenantByShop);

            List<Webhook> shared = paidOrderWebhooks(simulator, simShops, measured);
            long ackWritesBefore = writes("WebhookIntakeFunction");
            Run run = send(intake, shared);
            long ackWrites = writes("WebhookIntakeFunction") - ackWritesBefore;
            long drainStart = System.nanoTime();
            drain(env, runtime.queues().get("OrderSyncQueue"), Duration.ofMinutes(10));
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            tally = tally.plus(check(shared, simulator, records, orders, tenantByShop));

            List<Webhook> ackOnly = paidOrderWebhooks(simulator, simShops, measured);
            runtime.setSqsEventSourcesEnabled("TikTokSyncFunction", false);
            Run alone;
            try {
                Thread.sleep(1_500);
                alone = send(intake, ackOnly);
            } finally {
                runtime.setSqsEventSourcesEnabled("TikTokSyncFunction", true);
            }
            drain(env, runtime.queues().get("OrderSyncQueue"), Duration.ofMinutes(10));
            long workerWrites = writes("TikTokSyncFunction") - workerWritesBefore;
            tally = tally.plus(check(ackOnly, simulator, records, orders, tenantByShop));
            int total = warmup + 2 * measured;
            report.figure("webhooks_sent", run.sent, "count");
            report.figure("acknowledged_per_s", run.acknowledged / run.seconds, "webhooks/s");
            report.figure("target_rate", RATE, "webhooks/s");
            report.figure("ack_p50", BenchReport.percentileMillis(run.latencies, 50), "ms");
            report.figure("ack_p99", BenchReport.percentileMillis(run.latencies, 99), "ms");
            report.figure("ack_max", BenchReport.percentileMillis(run.latencies, 100), "ms");
            report.figure("not_acknowledged", run.sent - run.acknowledged, "count");
            report.figure("lost", tally.lost(), "count");
            report.figure("processed_twice", tally.twice(), "count");
            report.figure("store_writes_per_webhook_ack_path", (double) ackWrites / run.sent, "writes");
            report.figure("store_writes_per_webhook_worker", (double) workerWrites / total, "writes");
            report.figure("sync_drain_after_load", drainSeconds, "s");
            report.figure("ratio_ack_rate_to_raw_put", run.acknowledged / run.seconds / raw.perSecond(), "x");
            report.figure("ack_path_alone_acknowledged_per_s", alone.acknowledged / alone.seconds, "webhooks/s");
            report.figure("ack_path_alone_p50", BenchReport.percentileMillis(alone.latencies, 50), "ms");
            report.figure("ack_path_alone_p99", BenchReport.percentileMillis(alone.latencies, 99), "ms");
            report.figure("ack_path_alone_max", BenchReport.percentileMillis(alone.latencies, 100), "ms");
            report.figure("ack_path_alone_not_acknowledged", alone.sent - alone.acknowledged, "count");
            report.figure("ack_path_alone_ratio_to_raw_put", alone.acknowledged / alone.seconds / raw.perSecond(),
                    "x");
            report.note(SENDERS + " sender threads, open loop at " + RATE + "/s for " + SECONDS + " s after a "
                    + warmup + "-webhook warm-up whose sync is drained first; latency from each webhook's scheduled send time; " + SHOPS
                    + " shops; lost/processed-twice checked over all " + total + " webhooks (warm-up "
                    + "included), each phase's orders made just before it and checked after its sync (the TikTok "
                    + "simulator remembers " + RecentKeys.SIMULATOR_MEMORY + " orders); the sync worker runs "
                    + "concurrently with the load and starts every order's "
                    + "fulfilment workflow (validated, then waiting out TikTok's one-hour hold); then the same "
                    + "load again with the sync worker's event source paused (the ack path alone, as in AWS where "
                    + "the intake never shares CPU with the worker), its backlog synced afterwards and checked too");
        }
    }

    private record Run(long sent, long acknowledged, double seconds, long[] latencies) {
    }

    /** Webhooks not stored and synced (lost) and orders fetched more than once (processed twice). */
    private record Tally(long lost, long twice) {
        Tally plus(Tally other) {
            return new Tally(lost + other.lost, twice + other.twice);
        }
    }

    /** A webhook of a new paid order for each of {@code count} orders, spread over the shops. */
    private static List<Webhook> paidOrderWebhooks(TikTokShopSimulator simulator, List<SimShop> shops, int count) {
        List<Webhook> webhooks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            webhooks.add(simulator.statusWebhook(simulator.createPaidOrder(shops.get(i % shops.size()).id())));
        }
        return webhooks;
    }

    /** Lost and processed-twice counts of a phase, after its sync drained. */
    private static Tally check(List<Webhook> webhooks, TikTokShopSimulator simulator, IdempotencyStore records,
                                OrderRepository orders, Map<String, String> tenantByShop) {
        long lost = 0;
        long twice = 0;
        for (Webhook webhook : webhooks) {
            Optional<IdempotencyRecord> record = records.get("tiktok-webhook#" + webhook.notificationId());
            String shopId = simulator.shopOf(webhook.orderId()).orElseThrow();
            boolean stored = record.isPresent() && record.get().status() == IdempotencyStatus.COMPLETED
                    && orders.find(tenantByShop.get(shopId), webhook.orderId()).isPresent();
            if (!stored) {
                lost++;
            }
            if (simulator.detailFetches(webhook.orderId()) > 1) {
                twice++;
            }
        }
        return new Tally(lost, twice);
    }

    /** DynamoDB write requests made so far by a function's handler. */
    private static long writes(String function) {
        return AwsUsage.snapshot().getOrDefault(function, AwsUsage.Usage.NONE).writeRequests();
    }

    private static Run send(URI intake, List<Webhook> webhooks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        AtomicLong next = new AtomicLong();
        AtomicLong acknowledged = new AtomicLong();
        long[] latencies = new long[webhooks.size()];
        long start = System.nanoTime() + 50_000_000L;
        long interval = 1_000_000_000L / RATE;
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < SENDERS; t++) {
            futures.add(pool.submit(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                for (long k = next.getAndIncrement(); k < webhooks.size(); k = next.getAndIncrement()) {
                    long intended = start + k * interval;
                    long wait = intended - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    Webhook webhook = webhooks.get((int) k);
                    HttpRequest request = HttpRequest.newBuilder(intake).timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json").header("Authorization", webhook.signature())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body())).build();
                    try {
                        if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            acknowledged.incrementAndGet();
                        }
                    } catch (java.io.IOException e) {
                        latencies[(int) k] = System.nanoTime() - intended;
                        continue;
                    }
                    latencies[(int) k] = System.nanoTime() - intended;
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Run(webhooks.size(), acknowledged.get(), seconds, latencies);
    }

    private static void drain(Env env, String queueUrl, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int emptyPolls = 0;
        while (System.nanoTime() < deadline && emptyPolls < 3) {
            long backlog = Queues.backlog(env.aws().sqs(), queueUrl);
            emptyPolls = backlog == 0 ? emptyPolls + 1 : 0;
            Thread.sleep(200);
        }
    }
}
