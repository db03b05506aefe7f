package com.creatorflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The benchmark's CPU meter counts CPU time, of the whole JVM and of the named threads apart. */
class CpuMeterTest {
    @Test
    void aBusyNamedThreadShowsItsCpuTimeInTheThreadsAndInTheJvm() throws Exception {
        CountDownLatch spun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread busy = new Thread(() -> {
            spinForAQuarterSecondOfCpu();
            spun.countDown();
            awaitQuietly(release);
        }, "meter-busy");
        CpuMeter meter = CpuMeter.start("meter-busy");
        busy.start();
        spun.await();

        CpuMeter.Used used = meter.used();
        release.countDown();
        busy.join();

        assertThat(used.threads()).isGreaterThan(Duration.ofMillis(200));
        assertThat(used.jvm()).isGreaterThanOrEqualTo(used.threads().minusMillis(20));
        assertThat(used.total()).isEqualTo(used.jvm().plus(used.dynoxide()));
    }

    @Test
    void aSleepingNamedThreadShowsAlmostNoCpuTime() throws Exception {
        Thread sleeping = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "meter-sleepy");
        sleeping.start();
        CpuMeter meter = CpuMeter.start("meter-sleepy");
        sleeping.join(100);

        assertThat(meter.used().threads()).isLessThan(Duration.ofMillis(50));
        sleeping.join();
    }

    private static void spinForAQuarterSecondOfCpu() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + 250_000_000L;
        long sink = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            sink += System.nanoTime() % 7;
        }
        if (sink == 42) {
            System.out.println(sink);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
