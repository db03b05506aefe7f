package com.creatorflow.shared.crypto;

import javax.crypto.SecretKey;

/**
 * Where {@link PiiCipher} gets its data keys: the current version for new values, and any version still needed to
 * read old ones. {@link PiiKeyring} is the real one (wrapped keys in DynamoDB, unwrapped by KMS or the local key
 * file); {@link #fixed} serves unit tests and benchmarks.
 */
public interface DataKeys {
    /**
     * A data key and its version number.
     *
     * @param version the key version sealed values name
     * @param key the AES-256 key
     */
    record DataKey(int version, SecretKey key) {
        @Override
        public String toString() {
            return "DataKey[version=" + version + "]";
        }
    }

    /** The key new values are sealed with. */
    DataKey current();

    /** The key of a version; fails when that version is unknown. */
    SecretKey key(int version);

    /** One fixed 32-byte key as version 1, never rotated. */
    static DataKeys fixed(byte[] key) {
        DataKey only = new DataKey(1, AesGcm.key(key));
        return new DataKeys() {
            @Override
            public DataKey current() {
                return only;
            }

            @Override
            public SecretKey key(int version) {
                if (version != 1) {
                    throw new IllegalStateException("PII key version " + version + " is not configured");
                }
                return only.key();
            }
        };
    }
}
