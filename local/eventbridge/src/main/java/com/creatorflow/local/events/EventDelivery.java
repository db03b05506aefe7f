package com.creatorflow.local.events;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers matched events to their targets off the caller's thread, as EventBridge does: a failed delivery is retried
 * with exponential backoff and jitter until the target's retry policy runs out (attempts or event age), then the
 * event goes to the target's dead-letter queue with EventBridge's attributes ({@code RULE_ARN}, {@code TARGET_ARN},
 * {@code ERROR_CODE}, {@code ERROR_MESSAGE}, {@code EXHAUSTED_RETRY_CONDITION}, {@code RETRY_ATTEMPTS}), or is
 * dropped and counted when the target has none. A failure that cannot heal (no such target) skips the retries. The
 * backlog is bounded: when it is full, PutEvents refuses entries with a throttling error instead of queueing more.
 */
public final class EventDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventDelivery.class);

    private final Targets targets;
    private final Options options;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /**
     * How deliveries run locally.
     *
     * @param firstRetryDelay the delay before the first retry (doubling after each, with jitter)
     * @param maxRetryDelay the longest delay between two attempts
     * @param maxBacklog most deliveries waiting or being retried at once
     * @param threads delivery threads
     */
    public record Options(Duration firstRetryDelay, Duration maxRetryDelay, int maxBacklog, int threads) {
        /** Local defaults: quick first retries so that a developer sees failures land in minutes, not hours. */
        public static final Options DEFAULTS = new Options(Duration.ofMillis(250), Duration.ofSeconds(30), 10_000, 2);
    }

    /** One event on its way to one target. */
    record Job(BusRule rule, RuleTarget target, String eventId, String event, String payload, Instant acceptedAt,
               int attempt) {
        Job next() {
            return new Job(rule, target, eventId, event, payload, acceptedAt, attempt + 1);
        }
    }

    /** A delivery engine over some targets. */
    public EventDelivery(Targets targets, Options options) {
        this.targets = targets;
        this.options = options;
        this.executor = new ScheduledThreadPoolExecutor(options.threads(), runnable -> {
            Thread thread = new Thread(runnable, "eventbridge-delivery");
            thread.setDaemon(true);
            return thread;
        });
        this.executor.setRemoveOnCancelPolicy(true);
    }

    /** Reserves backlog room for {@code count} deliveries; false (nothing reserved) when the backlog is full. */
    boolean reserve(int count) {
        while (true) {
            int current = backlog.get();
            if (current + count > options.maxBacklog()) {
                return false;
            }
            if (backlog.compareAndSet(current, current + count)) {
                return true;
            }
        }
    }

    /** Starts a reserved delivery. */
    void submit(Job job) {
        executor.execute(() -> attempt(job));
    }

    private void attempt(Job job) {
        if (job.payload() == null) {
            failed(job, new DeliveryFailure("INVALID_PARAMETER", "the target's input could not be built from the "
                    + "event (check its InputPath or InputTransformer)", false));
            return;
        }
        try {
            targets.deliver(job.target(), job.payload(), job.eventId());
            delivered.incrementAndGet();
            backlog.decrementAndGet();
        } catch (DeliveryFailure failure) {
            failed(job, failure);
        } catch (RuntimeException e) {
            failed(job, new DeliveryFailure("INTERNAL_ERROR", String.valueOf(e.getMessage()), true));
        }
    }

    private void failed(Job job, DeliveryFailure failure) {
        RuleTarget.RetryPolicy policy = job.target().retryPolicy();
        int retriesDone = job.attempt() - 1;
        boolean tooOld = Duration.between(job.acceptedAt(), Instant.now()).getSeconds()
                >= policy.maximumEventAgeSeconds();
        if (failure.retryable() && retriesDone < policy.maximumRetryAttempts() && !tooOld) {
            retried.incrementAndGet();
            executor.schedule(() -> attempt(job.next()), delayMillis(retriesDone), TimeUnit.MILLISECONDS);
            return;
        }
        backlog.decrementAndGet();
        String exhausted = !failure.retryable() ? null : tooOld ? "MaximumEventAgeInSeconds" : "MaximumRetryAttempts";
        if (job.target().deadLetterArn() == null) {
            dropped.incrementAndGet();
            LOG.warn("dropped event {} for {} of rule {} after {} attempts: {} {} (the target has no DLQ)",
                    job.eventId(), job.target().arn(), job.rule().name(), job.attempt(), failure.errorCode(),
                    failure.getMessage());
            return;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("RULE_ARN", job.rule().arn());
        attributes.put("TARGET_ARN", job.target().arn());
        attributes.put("ERROR_CODE", failure.errorCode());
        attributes.put("ERROR_MESSAGE", String.valueOf(failure.getMessage()));
        if (exhausted != null) {
            attributes.put("EXHAUSTED_RETRY_CONDITION", exhausted);
        }
        attributes.put("RETRY_ATTEMPTS", Integer.toString(retriesDone));
        try {
            targets.deadLetter(job.target().deadLetterArn(), job.event(), attributes);
            deadLettered.incrementAndGet();
            LOG.warn("event {} for {} of rule {} went to the DLQ after {} attempts: {}", job.eventId(),
                    job.target().arn(), job.rule().name(), job.attempt(), failure.errorCode());
        } catch (DeliveryFailure dlqFailure) {
            dropped.incrementAndGet();
            LOG.error("dropped event {}: the DLQ {} refused it too: {}", job.eventId(),
                    job.target().deadLetterArn(), dlqFailure.getMessage());
        }
    }

    private long delayMillis(int retriesDone) {
        long base = options.firstRetryDelay().toMillis() << Math.min(20, retriesDone);
        long capped = Math.min(options.maxRetryDelay().toMillis(), base);
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
    }

    /** Deliveries waiting or being retried. */
    public int backlog() {
        return backlog.get();
    }

    /** Counters: delivered, retried (attempts scheduled again), deadLettered, dropped. */
    public Map<String, Long> stats() {
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("delivered", delivered.get());
        stats.put("retried", retried.get());
        stats.put("deadLettered", deadLettered.get());
        stats.put("dropped", dropped.get());
        stats.put("backlog", (long) backlog.get());
        return stats;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
