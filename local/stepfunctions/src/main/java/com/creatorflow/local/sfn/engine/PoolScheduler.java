package com.creatorflow.local.sfn.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real scheduler: a fixed pool of worker threads and one timer thread that only hands due work to the pool.
 * A time scale below 1 makes every wait and interval shorter by that factor (engine time runs faster than the wall
 * clock), for tests and demos; at 1 engine time is the wall clock. Once closed, it drops new work: a stopped
 * engine resumes from its journal.
 */
public final class PoolScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(PoolScheduler.class);
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor timers;
    private final double timeScale;
    private final long originMillis = System.currentTimeMillis();
    private final long originNanos = System.nanoTime();

    /**
     * @param threads worker threads
     * @param timeScale real seconds per engine second (1 = real time)
     */
    public PoolScheduler(int threads, double timeScale) {
        this.timeScale = timeScale;
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                daemon("sfn-worker-"));
        this.timers = new ScheduledThreadPoolExecutor(1, daemon("sfn-timer-"));
        this.timers.setRemoveOnCancelPolicy(true);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public long now() {
        if (timeScale == 1.0) {
            return System.currentTimeMillis();
        }
        return originMillis + (long) ((System.nanoTime() - originNanos) / 1_000_000.0 / timeScale);
    }

    @Override
    public void execute(Runnable work) {
        try {
            workers.execute(work);
        } catch (RejectedExecutionException e) {
            LOG.debug("the scheduler is stopped; work dropped (the journal has the state to resume from)");
        }
    }

    @Override
    public Timer schedule(long atMillis, Runnable work) {
        long delayNanos = (long) ((atMillis - now()) * 1_000_000.0 * timeScale);
        if (delayNanos <= 0) {
            execute(work);
            return () -> { };
        }
        try {
            ScheduledFuture<?> future = timers.schedule(() -> execute(work), delayNanos, TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            return () -> { };
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        timers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
