package com.creatorflow.bench.chaos;

import com.creatorflow.bench.Creators;
import com.creatorflow.local.runtime.LocalSecrets;
import com.creatorflow.local.simulators.carriers.EasyPostSimulator;
import com.creatorflow.local.simulators.tiktok.SimShop;
import com.creatorflow.local.simulators.tiktok.TikTokShopSimulator;
import com.creatorflow.local.simulators.tiktok.Webhook;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

/**
 * The world outside the runtime for a chaos or soak run, living in this JVM so that killing the runtime leaves it
 * running: the TikTok Shop simulator (signed with the data folder's app key and secret) with its traffic generator,
 * the carrier simulator, one creator's shop, and the ledger of what the webhook sender saw acknowledged (HTTP 200)
 * per order, with each acknowledgement's latency. Failed webhooks are retried for almost four minutes.
 */
public final class Simulators implements AutoCloseable {
    /**
     * The waits before each retry of a webhook that failed (the runtime down): longer than the simulator's default
     * 14 s so that a slow restart on a busy machine is outlived, as TikTok's own retries (for hours) would.
     */
    static final List<Duration> WEBHOOK_RETRIES = List.of(Duration.ofSeconds(1), Duration.ofSeconds(3),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120));
    /** The opening stock of every SKU (large enough that no order waits for stock). */
    public static final long OPENING_STOCK = 100_000;

    private final TikTokShopSimulator tiktok;
    private final EasyPostSimulator carriers;
    private final SimShop shop;
    private final String tenant = "chaos-creator-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Set<TikTokOrderStatus>> acknowledged = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> ackNanos = new ConcurrentLinkedQueue<>();

    /** Starts both simulators for a data folder's TikTok app; carriers answer in 20-120 ms, as in the benchmarks. */
    public Simulators(LocalSecrets secrets) {
        tiktok = TikTokShopSimulator.start(secrets.tiktokAppKey(), secrets.tiktokAppSecret());
        carriers = EasyPostSimulator.start();
        carriers.latency(Duration.ofMillis(20), Duration.ofMillis(120));
        shop = tiktok.addShop("Chaos shop");
        tiktok.webhooks().onAcknowledged(this::acknowledged).retryDelays(WEBHOOK_RETRIES);
    }

    private void acknowledged(Webhook webhook, Duration took) {
        ackNanos.add(took.toNanos());
        JsonNode body = Json.tree(webhook.bodyText());
        if (webhook.orderId() != null && body.path("type").asInt() == 1) {
            acknowledged.computeIfAbsent(webhook.orderId(), id -> ConcurrentHashMap.newKeySet()).add(TikTokOrderStatus.parse(body.path("data").path("order_status").asText()));
        }
    }

    /** The data folder of a work folder. */
    static Path dataDir(Path workDir) {
        return workDir.resolve("data");
    }

    /**
     * How to start the runtime against these simulators: data in the work folder's data folder, console output in
     * its {@code runtime.log}, up to three minutes to start.
     */
    RuntimeProcess.Launch launch(Path workDir, List<String> jvmOptions) {
        return new RuntimeProcess.Launch(dataDir(workDir), tiktok.baseUrl(), carriers.apiUrl(),
                carriers.credentialsJson(), jvmOptions, workDir.resolve("runtime.log"), Duration.ofMinutes(3));
    }

    /** Sets the creator up on a (newly started) runtime and sends the webhooks to it. */
    public void connect(RuntimeProcess runtime) {
        Creators.setUp(runtime::env, tenant, shop, OPENING_STOCK);
        follow(runtime);
    }

    /** Sends the webhooks and the carriers' tracking webhooks to a restarted runtime. */
    public void follow(RuntimeProcess runtime) {
        tiktok.webhooks().target(runtime.webhookUrl());
        carriers.webhookTarget(runtime.baseUrl());
    }

    /**
     * Starts the traffic generator: orders at a rate, each through TikTok's payment flow a second a step, a share of
     * them on hold (those ship at once when paid) and a share of the others cancelled by the buyer.
     */
    public void traffic(double ordersPerSecond, int orders, double onHoldShare, double cancelShare) {
        tiktok.traffic().start(shop.id(), ordersPerSecond, orders, 1000, onHoldShare, cancelShare);
    }

    /** The TikTok Shop simulator. */
    public TikTokShopSimulator tiktok() {
        return tiktok;
    }

    /** The carrier simulator. */
    public EasyPostSimulator carriers() {
        return carriers;
    }

    /** The creator's shop. */
    public SimShop shop() {
        return shop;
    }

    /** The creator's tenant id. */
    public String tenant() {
        return tenant;
    }

    /** The order statuses whose webhooks were acknowledged, by order id (a snapshot). */
    public Map<String, Set<TikTokOrderStatus>> acknowledged() {
        Map<String, Set<TikTokOrderStatus>> copy = new HashMap<>();
        acknowledged.forEach((order, statuses) -> {
            Set<TikTokOrderStatus> seen = EnumSet.noneOf(TikTokOrderStatus.class);
            seen.addAll(statuses);
            copy.put(order, seen);
        });
        return copy;
    }

    /** The latencies (nanoseconds) of the acknowledgements since the last call, and forgets them. */
    public long[] drainAckLatencies() {
        return Stream.generate(ackNanos::poll).takeWhile(Objects::nonNull).mapToLong(Long::longValue).toArray();
    }

    @Override
    public void close() {
        tiktok.webhooks().target(null);
        tiktok.close();
        carriers.close();
    }
}
