package com.creatorflow.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;

/**
 * CPU time (not wall time) spent by this JVM, by the Dynoxide server it started (a descendant process) and by this
 * JVM's threads of one name prefix, read at the start and end of a measured window.
 */
final class CpuMeter {
    /** The CPU used between two readings. */
    record Used(Duration jvm, Duration dynoxide, Duration threads) {
        /** JVM and Dynoxide together. */
        Duration total() {
            return jvm.plus(dynoxide);
        }
    }

    private final String threadPrefix;
    private final Duration jvmBefore;
    private final Duration dynoxideBefore;
    private final long threadsBefore;

    private CpuMeter(String threadPrefix) {
        this.threadPrefix = threadPrefix;
        this.jvmBefore = jvm();
        this.dynoxideBefore = dynoxide();
        this.threadsBefore = threadNanos(threadPrefix);
    }

    /** Starts a window; {@code threadPrefix} names the long-lived threads to count apart (the front door's). */
    static CpuMeter start(String threadPrefix) {
        return new CpuMeter(threadPrefix);
    }

    /** What was used since {@link #start}. */
    Used used() {
        return new Used(jvm().minus(jvmBefore), dynoxide().minus(dynoxideBefore),
                Duration.ofNanos(threadNanos(threadPrefix) - threadsBefore));
    }

    /** CPU time of this JVM (runtime, simulators, benchmark driver). */
    static Duration jvm() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** CPU time of the Dynoxide server this JVM started. */
    static Duration dynoxide() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("dynoxide")).orElse(false))
                .map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** CPU nanoseconds of this JVM's live threads whose name starts with the prefix. */
    private static long threadNanos(String prefix) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        ThreadInfo[] infos = threads.getThreadInfo(ids);
        long sum = 0;
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && infos[i].getThreadName().startsWith(prefix)) {
                sum += Math.max(0, threads.getThreadCpuTime(ids[i]));
            }
        }
        return sum;
    }
}
