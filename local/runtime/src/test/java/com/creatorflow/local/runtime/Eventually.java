package com.creatorflow.local.runtime;

import java.time.Duration;

/** Waits for a condition with a deadline, polling every 100 ms (no fixed sleeps in the end-to-end tests). */
final class Eventually {
    /** A condition worth waiting for; an exception counts as "not yet" and is kept for the failure message. */
    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    private Eventually() {
    }

    /** Returns once the check holds; an AssertionError naming {@code what} when the patience runs out. */
    static void await(String what, Duration patience, Check check) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting until " + what, last);
    }
}
