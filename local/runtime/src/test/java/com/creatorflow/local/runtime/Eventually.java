package com.creatorflow.local.runtime;

import java.time.Duration;

/** Waiting in end-to-end tests for something the asynchronous system does, with a deadline. */
final class Eventually {
    private Eventually() {
    }

    /** A condition worth waiting for; an exception counts as "not yet" (and is reported if time runs out). */
    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls every 100 ms until the check holds, else fails naming what did not happen and the last exception. */
    static void await(String what, Duration patience, Check check) throws InterruptedException {
        await(what, patience, Duration.ofMillis(100), check);
    }

    /** Polls at this interval until the check holds, else fails naming what did not happen and the last exception. */
    static void await(String what, Duration patience, Duration interval, Check check) throws InterruptedException {
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
            Thread.sleep(interval.toMillis());
        }
        throw new AssertionError("timed out waiting until " + what, last);
    }
}
