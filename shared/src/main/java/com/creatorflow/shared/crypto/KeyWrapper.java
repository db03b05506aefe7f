package com.creatorflow.shared.crypto;

import java.util.Map;

/**
 * What wraps and unwraps the data keys: KMS in AWS ({@link KmsKeyWrapper}), a master key in a file of the data folder
 * locally ({@link LocalKeyWrapper}). Plaintext data keys never leave the process; only wrapped ones are stored.
 */
public interface KeyWrapper {
    /**
     * A freshly generated data key.
     *
     * @param plaintext the 32-byte AES key (keep in memory only)
     * @param wrapped the same key encrypted under the master key (safe to store)
     */
    record NewDataKey(byte[] plaintext, byte[] wrapped) {
        @Override
        public String toString() {
            return "NewDataKey[redacted]";
        }
    }

    /**
     * The encryption context (KMS) or associated data (local) a data key is wrapped under: it binds a wrapped key to
     * its purpose and version, so a wrapped key copied to another version does not unwrap.
     */
    static Map<String, String> context(int version) {
        return Map.of("purpose", "creatorflow-pii", "keyVersion", Integer.toString(version));
    }

    /** A new AES-256 data key for a version, plaintext and wrapped. */
    NewDataKey generateDataKey(int version);

    /** The plaintext of a data key wrapped for a version. */
    byte[] unwrap(byte[] wrapped, int version);

    /** The master key that wraps (a KMS key id or ARN, or {@code local:<id>}), recorded with each wrapped key. */
    String name();
}
