package com.creatorflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed number of calls at a fixed rate from a pool of threads (open loop): call {@code k} is due at
 * {@code start + k / rate} and its latency counts from then, so a system that falls behind shows it in the latencies
 * instead of slowing the load down. Bounded in count, and so in time.
 */
public final class OpenLoop {
    /** One call; answers whether it succeeded. */
    @FunctionalInterface
    public interface Call {
        boolean run(long k) throws Exception;
    }

    /**
     * What a run did.
     *
     * @param sent calls made
     * @param succeeded calls that answered success
     * @param seconds from the first call's due time to the last call's end
     * @param latenciesNanos each call's latency from its due time, by {@code k}
     */
    public record Result(long sent, long succeeded, double seconds, long[] latenciesNanos) {
        /** Successful calls per second. */
        public double perSecond() {
            return succeeded / seconds;
        }
    }

    private OpenLoop() {
    }

    /** Makes {@code count} calls at {@code rate} per second from {@code threads} threads. */
    public static Result run(int count, double rate, int threads, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong next = new AtomicLong();
        AtomicLong succeeded = new AtomicLong();
        long[] latencies = new long[count];
        long start = System.nanoTime() + 50_000_000L;
        double interval = 1e9 / rate;
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (long k = next.getAndIncrement(); k < count; k = next.getAndIncrement()) {
                        long due = start + (long) (k * interval);
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        try {
                            if (call.run(k)) {
                                succeeded.incrementAndGet();
                            }
                        } catch (java.io.IOException failed) {
                            // counted as not succeeded; the latency still shows how long it took to fail
                        }
                        latencies[(int) k] = System.nanoTime() - due;
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(count, succeeded.get(), (System.nanoTime() - start) / 1e9, latencies);
    }
}
