package com.creatorflow.shared.crypto;

import com.creatorflow.shared.config.Env;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM for personal data at rest. Each value gets a fresh 96-bit nonce and is bound to its owner (tenant and
 * order) through the associated data, so a ciphertext copied onto another order does not decrypt.
 *
 * <p>Layout: format byte (1), key id (1), nonce (12), ciphertext with its 128-bit tag. Older key ids stay readable
 * after a rotation.
 */
public final class PiiCipher {
    private static final byte FORMAT = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte currentKeyId;
    private final Map<Byte, SecretKey> keys;

    /**
     * @param currentKeyId the key new values are encrypted with
     * @param keys every key still needed to read, by id; each 32 bytes
     */
    public PiiCipher(byte currentKeyId, Map<Byte, byte[]> keys) {
        if (!keys.containsKey(currentKeyId)) {
            throw new IllegalArgumentException("no key with id " + currentKeyId);
        }
        this.currentKeyId = currentKeyId;
        java.util.HashMap<Byte, SecretKey> built = new java.util.HashMap<>();
        keys.forEach((id, bytes) -> {
            if (bytes.length != 32) {
                throw new IllegalArgumentException("PII key " + id + " must be 32 bytes (AES-256), not " + bytes.length);
            }
            built.put(id, new SecretKeySpec(bytes, "AES"));
        });
        this.keys = Map.copyOf(built);
    }

    /** A cipher with one key. */
    public static PiiCipher withKey(byte[] key) {
        return new PiiCipher((byte) 1, Map.of((byte) 1, key));
    }

    /**
     * The cipher configured for a function: the base64 key in {@code PII_KEY} (local runtime and tests), else the
     * Secrets Manager secret named by {@code PII_KEY_SECRET_NAME} (AWS), read once.
     */
    public static PiiCipher fromEnv(Env env) {
        String encoded = env.optional("PII_KEY").orElseGet(() -> env.aws().secretsManager()
                .getSecretValue(r -> r.secretId(env.require("PII_KEY_SECRET_NAME"))).secretString());
        return withKey(Base64.getDecoder().decode(encoded.trim()));
    }

    /** A fresh random 256-bit key, base64 encoded. */
    public static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Encrypts text for the owner named by {@code context} (for example "tenant#order"). */
    public byte[] encrypt(String plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(2 + NONCE_BYTES + sealed.length).put(FORMAT).put(currentKeyId).put(nonce)
                    .put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Decrypts a value sealed by {@link #encrypt}; fails if it was altered or belongs to another owner. */
    public String decrypt(byte[] sealed, String context) {
        if (sealed.length < 2 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != FORMAT) {
            throw new IllegalArgumentException("not a PII ciphertext");
        }
        SecretKey key = keys.get(sealed[1]);
        if (key == null) {
            throw new IllegalStateException("PII key " + sealed[1] + " is not configured");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 2, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(sealed, 2 + NONCE_BYTES, sealed.length - 2 - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PII ciphertext failed authentication (altered, or not this order's)", e);
        }
    }
}
