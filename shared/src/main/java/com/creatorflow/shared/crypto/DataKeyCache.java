package com.creatorflow.shared.crypto;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import javax.crypto.SecretKey;

/**
 * Plaintext data keys by version for the life of the process, at most {@code capacity} of them (the least recently
 * used goes first), so each version is unwrapped once. Misses load under the lock: they happen once per version and
 * process.
 */
final class DataKeyCache {
    private final Map<Integer, SecretKey> keys;

    DataKeyCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.keys = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, SecretKey> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The key of a version, unwrapping it with {@code unwrap} (which returns the plaintext) on a miss. */
    synchronized SecretKey get(int version, IntFunction<byte[]> unwrap) {
        SecretKey key = keys.get(version);
        if (key == null) {
            key = put(version, unwrap.apply(version));
        }
        return key;
    }

    /** Remembers a plaintext key (a freshly generated one) and wipes the given array. */
    synchronized SecretKey put(int version, byte[] plaintext) {
        try {
            SecretKey key = AesGcm.key(plaintext);
            keys.put(version, key);
            return key;
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** How many keys are held. */
    synchronized int size() {
        return keys.size();
    }
}
