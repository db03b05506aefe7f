package com.creatorflow.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Seeds many items from a few threads, printing progress, and reports how many and how fast. */
final class ParallelSeeding {
    /** Seeds the i-th item. */
    @FunctionalInterface
    interface Seed {
        void item(int i) throws Exception;
    }

    private ParallelSeeding() {
    }

    /** Seeds items 0..count-1 on {@code threads} threads; figures {@code seeded_orders} and {@code seed_orders_per_s}. */
    static void run(BenchReport report, int count, int threads, int progressEvery, Seed seed) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        seed.item(i);
                        if ((i + 1) % progressEvery == 0) {
                            System.out.printf(Locale.ROOT, "# seeded %d orders in %.0f s%n", i + 1,
                                    (System.nanoTime() - started) / 1e9);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        report.figure("seeded_orders", count, "orders");
        report.figure("seed_orders_per_s", count / seconds, "orders/s");
    }
}
