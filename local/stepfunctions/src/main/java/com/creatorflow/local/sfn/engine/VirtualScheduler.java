package com.creatorflow.local.sfn.engine;

import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * A deterministic scheduler on virtual time, for tests: work runs on the calling thread in {@link #runUntilIdle()},
 * and when nothing is left to run, time jumps to the next timer. Waits of hours take no real time and Retry
 * intervals can be checked exactly.
 */
public final class VirtualScheduler implements Scheduler {
    private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
    private final PriorityQueue<Entry> timers = new PriorityQueue<>();
    private long now;
    private long sequence;

    /** @param startMillis the virtual time to start at (epoch milliseconds) */
    public VirtualScheduler(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public synchronized long now() {
        return now;
    }

    @Override
    public synchronized void execute(Runnable work) {
        ready.add(work);
    }

    @Override
    public synchronized Timer schedule(long atMillis, Runnable work) {
        Entry entry = new Entry(Math.max(atMillis, now), sequence++, work);
        timers.add(entry);
        return () -> {
            synchronized (VirtualScheduler.this) {
                timers.remove(entry);
            }
        };
    }

    /** Runs everything that is ready and every timer, advancing virtual time, until nothing is left. */
    public void runUntilIdle() {
        runUntil(Long.MAX_VALUE);
    }

    /** Like {@link #runUntilIdle()} but does not advance time past {@code limitMillis}. */
    public void runUntil(long limitMillis) {
        while (true) {
            Runnable next;
            synchronized (this) {
                next = ready.poll();
                if (next == null) {
                    Entry timer = timers.peek();
                    if (timer == null || timer.at > limitMillis) {
                        if (limitMillis != Long.MAX_VALUE) {
                            now = Math.max(now, limitMillis);
                        }
                        return;
                    }
                    timers.poll();
                    now = Math.max(now, timer.at);
                    next = timer.work;
                }
            }
            next.run();
        }
    }

    /** Runs one ready task, or fires the next timer (advancing time); returns false when there is nothing left. */
    public boolean runNext() {
        Runnable next;
        synchronized (this) {
            next = ready.poll();
            if (next == null) {
                Entry timer = timers.poll();
                if (timer == null) {
                    return false;
                }
                now = Math.max(now, timer.at);
                next = timer.work;
            }
        }
        next.run();
        return true;
    }

    @Override
    public void close() {
        synchronized (this) {
            ready.clear();
            timers.clear();
        }
    }

    private record Entry(long at, long sequence, Runnable work) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }
}
