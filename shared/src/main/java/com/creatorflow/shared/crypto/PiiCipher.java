package com.creatorflow.shared.crypto;

import com.creatorflow.shared.config.Env;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;

/**
 * AES-256-GCM for personal data at rest, under envelope encryption: each value is sealed with the current data key
 * version ({@link DataKeys}), gets a fresh 96-bit nonce and is bound to its owner (for example tenant and order)
 * through the associated data, so a ciphertext copied onto another order does not decrypt.
 *
 * <p>Layout: format byte {@code 2}, key version (4 bytes, big-endian), nonce (12), ciphertext with its 128-bit tag.
 * Values of the earlier direct-key format (format byte {@code 1}, a one-byte key id) stay readable when the legacy
 * key is configured ({@code PII_LEGACY_KEY}); they are never written any more.
 */
public final class PiiCipher {
    private static final byte LEGACY_FORMAT = 1;
    private static final byte FORMAT = 2;
    private static final int HEADER_BYTES = 1 + Integer.BYTES;
    private static final int LEGACY_HEADER_BYTES = 2;
    private static final Map<List<Object>, PiiCipher> BY_CONFIGURATION = new ConcurrentHashMap<>();

    private final DataKeys keys;
    private final Map<Byte, SecretKey> legacyKeys;

    /**
     * @param keys the data keys (current and older versions)
     * @param legacyKeys direct keys of the earlier format by key id, each 32 bytes; empty when there is no old data
     */
    public PiiCipher(DataKeys keys, Map<Byte, byte[]> legacyKeys) {
        this.keys = keys;
        Map<Byte, SecretKey> built = new java.util.HashMap<>();
        legacyKeys.forEach((id, bytes) -> built.put(id, AesGcm.key(bytes)));
        this.legacyKeys = Map.copyOf(built);
    }

    /** A cipher with one fixed key as version 1 (unit tests, benchmarks). */
    public static PiiCipher withKey(byte[] key) {
        return new PiiCipher(DataKeys.fixed(key), Map.of());
    }

    /**
     * The process's cipher for a function's environment: the {@link PiiKeyring#fromEnv keyring} it describes, plus
     * the base64 direct key of the earlier format in {@code PII_LEGACY_KEY} when old local data must stay readable.
     * Built once per configuration; it calls nothing until the first value is sealed or opened.
     */
    public static PiiCipher fromEnv(Env env) {
        PiiKeyring keyring = PiiKeyring.fromEnv(env);
        String legacy = env.get("PII_LEGACY_KEY", "").trim();
        return BY_CONFIGURATION.computeIfAbsent(List.of(keyring, legacy), configuration -> new PiiCipher(keyring,
                legacy.isEmpty() ? Map.of() : Map.of((byte) 1, Base64.getDecoder().decode(legacy))));
    }

    /** A fresh random 256-bit key, base64 encoded. */
    public static String newKey() {
        return Base64.getEncoder().encodeToString(AesGcm.random(32));
    }

    /** Encrypts text for the owner named by {@code context} (for example "order:tenant#order"). */
    public byte[] encrypt(String plaintext, String context) {
        DataKeys.DataKey current = keys.current();
        byte[] header = ByteBuffer.allocate(HEADER_BYTES).put(FORMAT).putInt(current.version()).array();
        return AesGcm.seal(current.key(), header, plaintext.getBytes(StandardCharsets.UTF_8), aad(context));
    }

    /** Decrypts a value sealed by {@link #encrypt}; fails if it was altered or belongs to another owner. */
    public String decrypt(byte[] sealed, String context) {
        byte[] plain = switch (format(sealed)) {
            case FORMAT -> AesGcm.open(keys.key(keyVersion(sealed)), sealed, HEADER_BYTES, aad(context));
            case LEGACY_FORMAT -> AesGcm.open(legacyKey(sealed[1]), sealed, LEGACY_HEADER_BYTES, aad(context));
            default -> throw new IllegalArgumentException("not a PII ciphertext");
        };
        return new String(plain, StandardCharsets.UTF_8);
    }

    /**
     * The value sealed again with the current key version, or empty when it already is: what re-encryption after a
     * rotation writes back.
     */
    public Optional<byte[]> resealed(byte[] sealed, String context) {
        if (format(sealed) == FORMAT && keyVersion(sealed) == keys.current().version()) {
            return Optional.empty();
        }
        return Optional.of(encrypt(decrypt(sealed, context), context));
    }

    /** The key version a value names; 0 for a value of the earlier direct-key format. */
    public static int keyVersion(byte[] sealed) {
        return format(sealed) == FORMAT ? ByteBuffer.wrap(sealed, 1, Integer.BYTES).getInt() : 0;
    }

    private static byte format(byte[] sealed) {
        if (sealed.length > HEADER_BYTES && sealed[0] == FORMAT) {
            return FORMAT;
        }
        if (sealed.length > LEGACY_HEADER_BYTES && sealed[0] == LEGACY_FORMAT) {
            return LEGACY_FORMAT;
        }
        throw new IllegalArgumentException("not a PII ciphertext");
    }

    private SecretKey legacyKey(byte id) {
        SecretKey key = legacyKeys.get(id);
        if (key == null) {
            throw new IllegalStateException("legacy PII key " + id + " is not configured (PII_LEGACY_KEY)");
        }
        return key;
    }

    private static byte[] aad(String context) {
        return context.getBytes(StandardCharsets.UTF_8);
    }
}
