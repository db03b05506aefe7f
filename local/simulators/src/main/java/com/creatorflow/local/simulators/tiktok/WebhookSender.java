package com.creatorflow.local.simulators.tiktok;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhooks to an intake URL the way TikTok does, with knobs: random delay, duplicates (the same
 * notification delivered again), reordering (a share held back so that later ones overtake it), drops (never
 * delivered, so only polling can recover the change), and retries of failed deliveries on a shortened version of
 * TikTok's schedule (1 s, 3 s, 10 s instead of 2 min, 30 min, 3 h).
 */
public final class WebhookSender {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final List<Duration> RETRIES = List.of(Duration.ofSeconds(1), Duration.ofSeconds(3),
            Duration.ofSeconds(10));

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService scheduler;
    private volatile URI target;
    private volatile int maxDelayMillis;
    private volatile double duplicateRate;
    private volatile double reorderRate;
    private volatile int reorderHoldMillis = 1500;
    private volatile double dropRate;
    private volatile boolean retry = true;
    private volatile List<Duration> retryDelays = RETRIES;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private volatile BiConsumer<Webhook, Duration> acknowledgedListener = (webhook, took) -> { };

    WebhookSender(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    /** Where webhooks go (our intake, {@code .../webhooks/tiktok}); null stops delivery. */
    public WebhookSender target(URI intake) {
        target = intake;
        return this;
    }

    /** The current target, or null. */
    public URI target() {
        return target;
    }

    /** Each delivery waits a random 0..millis first. */
    public WebhookSender maxDelayMillis(int millis) {
        maxDelayMillis = Math.max(0, millis);
        return this;
    }

    /** Share (0-1) of webhooks delivered twice. */
    public WebhookSender duplicateRate(double rate) {
        duplicateRate = rate;
        return this;
    }

    /** Share (0-1) of webhooks held back for {@code holdMillis}, so that later ones arrive first. */
    public WebhookSender reorderRate(double rate, int holdMillis) {
        reorderRate = rate;
        reorderHoldMillis = holdMillis;
        return this;
    }

    /** Share (0-1) of webhooks never delivered. */
    public WebhookSender dropRate(double rate) {
        dropRate = rate;
        return this;
    }

    /**
     * The waits before each retry of a failed delivery (by default 1 s, 3 s and 10 s: TikTok's 2 min, 30 min and
     * 3 h, shortened).
     */
    public WebhookSender retryDelays(List<Duration> delays) {
        retryDelays = List.copyOf(delays);
        return this;
    }

    /** Whether failed deliveries are retried. */
    public WebhookSender retry(boolean enabled) {
        retry = enabled;
        return this;
    }

    /**
     * Called with every webhook our intake answered 200 and how long that delivery took (on the delivering thread;
     * keep it short).
     */
    public WebhookSender onAcknowledged(BiConsumer<Webhook, Duration> listener) {
        acknowledgedListener = listener;
        return this;
    }

    /** Back to plain, prompt, exactly-once delivery. */
    public WebhookSender reset() {
        maxDelayMillis = 0;
        duplicateRate = 0;
        reorderRate = 0;
        dropRate = 0;
        retry = true;
        retryDelays = RETRIES;
        return this;
    }

    /** Queues a webhook for delivery under the current knobs. */
    public void send(Webhook webhook) {
        send(webhook, null);
    }

    /**
     * Queues a webhook for delivery to the address its shop registered (Update Shop Webhook), or to the
     * {@link #target} when it registered none. A null target pauses every delivery, registered or not.
     */
    public void send(Webhook webhook, URI registered) {
        if (target == null) {
            return;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextDouble() < dropRate) {
            dropped.incrementAndGet();
            return;
        }
        long delay = maxDelayMillis == 0 ? 0 : random.nextLong(maxDelayMillis + 1L);
        if (random.nextDouble() < reorderRate) {
            delay += reorderHoldMillis;
        }
        schedule(webhook, registered, delay, 0);
        if (random.nextDouble() < duplicateRate) {
            schedule(webhook, registered, delay + random.nextLong(50, 500), 0);
        }
    }

    private void schedule(Webhook webhook, URI registered, long delayMillis, int attempt) {
        if (scheduler.isShutdown()) {
            return;
        }
        pending.incrementAndGet();
        scheduler.schedule(() -> {
            pending.decrementAndGet();
            deliver(webhook, registered, attempt);
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void deliver(Webhook webhook, URI registered, int attempt) {
        URI to = target;
        if (to == null) {
            return;
        }
        if (registered != null) {
            to = registered;
        }
        sent.incrementAndGet();
        int status;
        long started = System.nanoTime();
        try {
            status = deliverNow(to, webhook);
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (status == 200) {
            acknowledged.incrementAndGet();
            acknowledgedListener.accept(webhook, Duration.ofNanos(System.nanoTime() - started));
            return;
        }
        if (status == -1) {
            failed.incrementAndGet();
        } else {
            refused.incrementAndGet();
        }
        List<Duration> delays = retryDelays;
        if (retry && attempt < delays.size() && (status == -1 || status >= 500)) {
            LOG.debug("webhook {} answered {}; retrying", webhook.notificationId(), status);
            schedule(webhook, registered, delays.get(attempt).toMillis(), attempt + 1);
        }
    }

    /** Delivers one webhook synchronously; returns the HTTP status. */
    public int deliverNow(URI to, Webhook webhook) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(to).timeout(Duration.ofSeconds(3))
                .header("Content-Type", "application/json")
                .header("Authorization", webhook.signature())
                .POST(HttpRequest.BodyPublishers.ofByteArray(webhook.body())).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /**
     * Delivery counts.
     *
     * @param sent delivery attempts
     * @param acknowledged answered 200
     * @param refused answered anything else
     * @param dropped dropped on purpose
     * @param failed no answer (connection refused, timeout)
     * @param pending deliveries and retries scheduled and not yet made
     */
    public record Stats(long sent, long acknowledged, long refused, long dropped, long failed, long pending) {
    }

    /** The counts so far. */
    public Stats stats() {
        return new Stats(sent.get(), acknowledged.get(), refused.get(), dropped.get(), failed.get(), pending.get());
    }
}
