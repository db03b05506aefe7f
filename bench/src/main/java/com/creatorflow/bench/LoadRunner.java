package com.creatorflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Runs an operation from many threads for a fixed time and reports the rate and latency percentiles. */
public final class LoadRunner {
    /** One unit of load; {@code i} counts calls per thread. */
    @FunctionalInterface
    public interface Operation {
        void run(int thread, long i) throws Exception;
    }

    /**
     * The outcome of a run.
     *
     * @param operations completed operations
     * @param errors operations that threw
     * @param seconds measured wall time
     * @param latenciesNanos a sample of latencies
     */
    public record Result(long operations, long errors, double seconds, long[] latenciesNanos) {
        /** Completed operations per second. */
        public double perSecond() {
            return operations / seconds;
        }

        /** A latency percentile in milliseconds. */
        public double p(double percentile) {
            return BenchReport.percentileMillis(latenciesNanos, percentile);
        }
    }

    private LoadRunner() {
    }

    /** Warms up, then measures for the given time. */
    public static Result run(int threads, double warmupSeconds, double seconds, Operation operation)
            throws Exception {
        measure(threads, warmupSeconds, operation, 0);
        return measure(threads, seconds, operation, 1_000_000);
    }

    private static Result measure(int threads, double seconds, Operation operation, long offset) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        long[][] samples = new long[threads][];
        List<Future<?>> futures = new ArrayList<>();
        long durationNanos = (long) (seconds * 1e9);
        long[] began = new long[1];
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                long[] mine = new long[200_000];
                int count = 0;
                start.await();
                long end = began[0] + durationNanos;
                long i = offset;
                while (System.nanoTime() < end) {
                    long before = System.nanoTime();
                    try {
                        operation.run(thread, i++);
                        done.incrementAndGet();
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    if (count < mine.length) {
                        mine[count++] = System.nanoTime() - before;
                    }
                }
                samples[thread] = java.util.Arrays.copyOf(mine, count);
                return null;
            }));
        }
        began[0] = System.nanoTime();
        start.countDown();
        for (Future<?> future : futures) {
            future.get();
        }
        double elapsed = (System.nanoTime() - began[0]) / 1e9;
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        long[] all = java.util.Arrays.stream(samples).flatMapToLong(java.util.Arrays::stream).toArray();
        return new Result(done.get(), errors.get(), elapsed, all);
    }
}
