package com.creatorflow.local.sfn.engine;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real scheduler: a fixed pool of worker threads and one timer thread that only hands due work to the pool.
 * A time scale below 1 makes every wait and interval shorter by that factor (engine time runs faster than the wall
 * clock), for tests and demos; at 1 engine time is the wall clock.
 */
public final class PoolScheduler implements Scheduler {
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
        workers.execute(work);
    }

    @Override
    public Timer schedule(long atMillis, Runnable work) {
        long delayNanos = (long) ((atMillis - now()) * 1_000_000.0 * timeScale);
        if (delayNanos <= 0) {
            execute(work);
            return () -> { };
        }
        ScheduledFuture<?> future = timers.schedule(() -> execute(work), delayNanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        timers.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }
}
