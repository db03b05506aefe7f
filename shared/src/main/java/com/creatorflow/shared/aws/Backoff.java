package com.creatorflow.shared.aws;

import com.creatorflow.shared.error.TransientFailure;
import java.util.concurrent.ThreadLocalRandom;

/** The short, growing, jittered pause between retries of a store call that met contention or throttling. */
public final class Backoff {
    private Backoff() {
    }

    /** Sleeps a random 2 ms up to 10 ms per attempt (at most 80 ms); an interrupt ends the retries. */
    public static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(2, 10L * Math.min(Math.max(attempt, 1), 8)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while retrying a store call", e);
        }
    }
}
