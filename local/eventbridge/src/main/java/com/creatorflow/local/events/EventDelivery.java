package com.creatorflow.local.events;

import java.time.Duration;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
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
 * Given a data folder, the backlog is also journaled ({@link DeliveryJournal}) and survives a crash.
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
    private final AtomicLong resumed = new AtomicLong();
    private final DeliveryJournal journal;

    /**
     * How deliveries run locally.
     *
     * @param firstRetryDelay the delay before the first retry (doubling after each, with jitter)
     * @param maxRetryDelay the longest delay between two attempts
     * @param maxBacklog most deliveries waiting or being retried at once
     * @param threads delivery threads
     * @param compactJournalAtBytes rewrite the delivery journal while running once it is larger than this
     */
    public record Options(Duration firstRetryDelay, Duration maxRetryDelay, int maxBacklog, int threads,
                          long compactJournalAtBytes) {
        /** Local defaults: quick first retries so that a developer sees failures land in minutes, not hours. */
        public static final Options DEFAULTS = new Options(Duration.ofMillis(250), Duration.ofSeconds(30), 10_000, 2);

        /** Options with the default journal size (8 MiB) before compaction. */
        public Options(Duration firstRetryDelay, Duration maxRetryDelay, int maxBacklog, int threads) {
            this(firstRetryDelay, maxRetryDelay, maxBacklog, threads, 8L << 20);
        }
    }

    /** One event on its way to one target; {@code seq} is its journal line (0 when not journaled yet). */
    record Job(BusRule rule, RuleTarget target, String eventId, String event, String payload, Instant acceptedAt,
               int attempt, long seq) {
        Job(BusRule rule, RuleTarget target, String eventId, String event, String payload, Instant acceptedAt,
            int attempt) {
            this(rule, target, eventId, event, payload, acceptedAt, attempt, 0);
        }

        Job next() {
            return new Job(rule, target, eventId, event, payload, acceptedAt, attempt + 1, seq);
        }
    }

    /** A delivery engine over some targets that keeps its backlog in memory only (lost when the process dies). */
    public EventDelivery(Targets targets, Options options) {
        this(targets, options, null);
    }

    /**
     * A delivery engine over some targets.
     *
     * @param dataDir the folder of the delivery journal ({@code deliveries.ndjson}), or null to keep the backlog in
     *                memory only; pending deliveries found there are sent again once {@link #resume} is called
     */
    public EventDelivery(Targets targets, Options options, Path dataDir) {
        this.targets = targets;
        this.options = options;
        this.journal = dataDir == null ? null : DeliveryJournal.open(dataDir, options.compactJournalAtBytes());
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

    /** Starts a reserved delivery, journaled first (when there is a journal) so that it survives a crash. */
    void submit(Job job) {
        Job journaled = journal == null ? job : new Job(job.rule(), job.target(), job.eventId(), job.event(),
                job.payload(), job.acceptedAt(), job.attempt(), journal.accepted(job.rule().arn(), job.target().id(),
                job.eventId(), job.event(), job.payload(), job.acceptedAt(), job.attempt()));
        executor.execute(() -> attempt(journaled));
    }

    /**
     * Sends again the deliveries the journal holds from before (a crash or a stop), with their rule and target looked
     * up again by rule ARN and target id; one whose rule or target no longer exists is dropped (logged, counted).
     * Then rewrites the journal with only the deliveries sent again.
     *
     * @param rules the current rule for a rule ARN, or empty
     * @return how many deliveries were sent again
     */
    public int resume(Function<String, Optional<BusRule>> rules) {
        if (journal == null) {
            return 0;
        }
        List<DeliveryJournal.Entry> kept = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        for (DeliveryJournal.Entry entry : journal.pending()) {
            Optional<BusRule> rule = rules.apply(entry.ruleArn());
            Optional<RuleTarget> target = rule.flatMap(r -> r.targets().stream()
                    .filter(t -> t.id().equals(entry.targetId())).findFirst());
            if (target.isEmpty()) {
                dropped.incrementAndGet();
                LOG.warn("dropped pending event {} of {}: its rule {} or target {} no longer exists",
                        entry.eventId(), journal.file(), entry.ruleArn(), entry.targetId());
                continue;
            }
            kept.add(entry);
            jobs.add(new Job(rule.get(), target.get(), entry.eventId(), entry.event(), entry.payload(),
                    entry.acceptedAt(), entry.attempt(), entry.seq()));
        }
        journal.restart(kept);
        backlog.addAndGet(jobs.size());
        resumed.addAndGet(jobs.size());
        if (!jobs.isEmpty()) {
            LOG.info("sending again {} event deliveries pending in {}", jobs.size(), journal.file());
        }
        jobs.forEach(job -> executor.execute(() -> attempt(job)));
        return jobs.size();
    }

    private void finished(Job job) {
        backlog.decrementAndGet();
        if (journal != null && job.seq() != 0) {
            journal.finished(job.seq());
        }
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
            finished(job);
        } catch (DeliveryFailure failure) {
            failed(job, failure);
        } catch (RuntimeException e) {
            failed(job, new DeliveryFailure("INTERNAL_ERROR", String.valueOf(e.getMessage()), true));
        }
    }

    private void failed(Job job, DeliveryFailure failure) {
        RuleTarget.RetryPolicy policy = job.target().retryPolicy();
        int retriesDone = job.attempt() - 1;
        if (failure.retryable() && retriesDone < policy.maximumRetryAttempts() && !tooOld(job)) {
            retried.incrementAndGet();
            executor.schedule(() -> attempt(job.next()), delayMillis(retriesDone), TimeUnit.MILLISECONDS);
            return;
        }
        try {
            giveUp(job, failure);
        } finally {
            finished(job);
        }
    }

    /** The retries ran out (or cannot help): the event goes to the target's dead-letter queue, or is dropped. */
    private void giveUp(Job job, DeliveryFailure failure) {
        int retriesDone = job.attempt() - 1;
        String exhausted = !failure.retryable() ? null : tooOld(job) ? "MaximumEventAgeInSeconds"
                : "MaximumRetryAttempts";
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

    private static boolean tooOld(Job job) {
        return Duration.between(job.acceptedAt(), Instant.now()).getSeconds()
                >= job.target().retryPolicy().maximumEventAgeSeconds();
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
        stats.put("resumed", resumed.get());
        stats.put("backlog", (long) backlog.get());
        return stats;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        if (journal != null) {
            journal.close();
        }
    }
}
