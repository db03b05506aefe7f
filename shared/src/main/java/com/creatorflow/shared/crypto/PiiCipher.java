package com.creatorflow.shared.crypto;

import com.creatorflow.shared.config.Env;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

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
    private static final int BLIND_INDEX_KEY_VERSION = 1;
    private static final Map<List<Object>, PiiCipher> BY_CONFIGURATION = new ConcurrentHashMap<>();

    private final DataKeys keys;
    private final Map<Byte, SecretKey> legacyKeys;
    /** Per-tenant blind index keys, derived once per process (bounded by the tenants one process serves). */
    private final Map<String, byte[]> indexKeys = new ConcurrentHashMap<>();

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

    /**
     * A keyed blind index of a personal value, for exact-match search without storing the value: HMAC-SHA256 of
     * {@code kind} and the (already normalised) value under the tenant's index key, itself HMAC-SHA256 of the tenant
     * id under data key version 1. Version 1 is never removed (rotation adds versions), so an index stays stable;
     * without such a key nothing personal was ever sealed and the answer is empty. 128 bits, base64url.
     */
    public Optional<String> blindIndex(String tenantId, String kind, String normalised) {
        byte[] tenantKey;
        try {
            tenantKey = indexKeys.computeIfAbsent(tenantId, tenant -> hmac(keys.key(BLIND_INDEX_KEY_VERSION)
                    .getEncoded(), "creatorflow/blind-index/v1/" + tenant));
        } catch (IllegalStateException noKeyYet) {
            return Optional.empty();
        }
        byte[] mac = hmac(tenantKey, kind + "\u0000" + normalised);
        return Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(mac, 16)));
    }

    private static byte[] hmac(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
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
