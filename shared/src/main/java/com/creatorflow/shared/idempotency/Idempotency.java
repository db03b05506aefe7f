package com.creatorflow.shared.idempotency;

import com.amazonaws.services.lambda.runtime.Context;
import com.creatorflow.shared.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes a piece of work idempotent with Powertools' documented semantics, written here because Powertools'
 * idempotency module is not in our Maven registry:
 * <ul>
 *   <li>the first call claims the key (record INPROGRESS with the payload's SHA-256 and an in-progress deadline), runs
 *       the work, and stores its result (COMPLETED, expiring after {@code expiresAfter}, default one hour);</li>
 *   <li>a duplicate of a COMPLETED key gets the stored result without running the work;</li>
 *   <li>a duplicate while the first call still runs gets {@link IdempotencyAlreadyInProgressException}; once the
 *       in-progress deadline (the Lambda's remaining time) passes, a retry may take the key over, so a crashed
 *       attempt does not block the key until its TTL;</li>
 *   <li>the same key with a different payload gets {@link IdempotencyValidationException};</li>
 *   <li>when the work throws, the record is deleted so that a retry can run it, and the error propagates.</li>
 * </ul>
 */
public final class Idempotency {
    /** Powertools' default record lifetime. */
    public static final Duration DEFAULT_EXPIRES_AFTER = Duration.ofHours(1);
    private static final int MAX_CLAIM_ATTEMPTS = 3;

    private final IdempotencyStore store;
    private final Duration expiresAfter;

    /**
     * @param store where records live
     * @param expiresAfter how long a completed result is kept
     */
    public Idempotency(IdempotencyStore store, Duration expiresAfter) {
        this.store = store;
        this.expiresAfter = expiresAfter;
    }

    /** With Powertools' default lifetime of one hour. */
    public Idempotency(IdempotencyStore store) {
        this(store, DEFAULT_EXPIRES_AFTER);
    }

    /**
     * Runs {@code work} at most once per key (see the class comment).
     *
     * @param key the idempotency key
     * @param payload what the key stands for (its JSON hash detects a reused key)
     * @param resultType the result's type, to read a stored result back
     * @param context the Lambda context: its remaining time is the in-progress deadline (null = expiresAfter)
     * @param work the work
     */
    public <T> T execute(String key, Object payload, Class<T> resultType, Context context, Supplier<T> work) {
        String hash = hash(payload instanceof byte[] bytes ? bytes : Json.bytes(payload));
        Instant now = store.clock().instant();
        Instant inProgressUntil = context == null ? now.plus(expiresAfter)
                : now.plusMillis(Math.max(1, context.getRemainingTimeInMillis()));
        for (int attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
            IdempotencyStore.Claim claim = store.claim(key, IdempotencyStatus.INPROGRESS, hash, expiresAfter,
                    inProgressUntil, Map.of());
            if (claim.claimed()) {
                return run(key, work);
            }
            IdempotencyRecord existing = claim.existing();
            if (existing == null) {
                continue;
            }
            if (!hash.equals(existing.validation())) {
                throw new IdempotencyValidationException(key);
            }
            if (existing.status() == IdempotencyStatus.INPROGRESS) {
                throw new IdempotencyAlreadyInProgressException(key);
            }
            return existing.data() == null ? null : Json.read(existing.data(), resultType);
        }
        throw new IdempotencyInconsistentStateException(key);
    }

    private <T> T run(String key, Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException | Error e) {
            store.release(key);
            throw e;
        }
        store.complete(key, Json.write(result), expiresAfter);
        return result;
    }

    /** SHA-256 of bytes, lowercase hex: the payload validation hash. */
    public static String hash(byte[] payload) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** SHA-256 of text, lowercase hex. */
    public static String hash(String payload) {
        return hash(payload.getBytes(StandardCharsets.UTF_8));
    }
}
