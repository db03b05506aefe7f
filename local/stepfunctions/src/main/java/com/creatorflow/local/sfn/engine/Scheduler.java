package com.creatorflow.local.sfn.engine;

/**
 * Where the engine runs work and keeps time: a bounded pool of workers for state transitions and timers for Wait,
 * Retry intervals, task timeouts and heartbeats. A timer never holds a thread while it waits.
 */
public interface Scheduler extends AutoCloseable {
    /** The engine's current time in epoch milliseconds. */
    long now();

    /** Runs work on a worker. */
    void execute(Runnable work);

    /** Runs work on a worker at the given engine time (at once when it has passed); returns a handle to cancel it. */
    Timer schedule(long atMillis, Runnable work);

    @Override
    void close();

    /** A scheduled timer. */
    interface Timer {
        /** Cancels the timer if it has not fired. */
        void cancel();
    }
}
