package com.creatorflow.shared.config;

/**
 * A warm-up that SnapStart priming runs before the snapshot. An area module provides its own through
 * {@code META-INF/services/com.creatorflow.shared.config.Priming}, so the platform primes the area code a function
 * carries without depending on it.
 */
public interface Priming {
    /** Runs the area's expensive first-time paths (serialisers, client marshalling, connection set-up). */
    void prime(Env env);
}
