package com.creatorflow.shared.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a fresh random 96-bit nonce per value, the one place the project seals bytes: personal data
 * values ({@link PiiCipher}) and, locally, data keys under the local master key ({@link LocalKeyWrapper}).
 */
final class AesGcm {
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AesGcm() {
    }

    /** An AES-256 key; refuses any other length. */
    static SecretKey key(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("a PII key must be 32 bytes (AES-256), not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    /** Fresh random bytes (keys, nonces). */
    static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** {@code header || nonce || ciphertext-and-tag}, the plaintext bound to {@code aad}. */
    static byte[] seal(SecretKey key, byte[] header, byte[] plaintext, byte[] aad) {
        byte[] nonce = random(NONCE_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(aad);
            byte[] out = new byte[header.length + NONCE_BYTES + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(header, 0, out, 0, header.length);
            System.arraycopy(nonce, 0, out, header.length, NONCE_BYTES);
            cipher.doFinal(plaintext, 0, plaintext.length, out, header.length + NONCE_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Opens what {@link #seal} made, skipping a header of {@code offset} bytes; fails if altered or not for aad. */
    static byte[] open(SecretKey key, byte[] sealed, int offset, byte[] aad) {
        if (sealed.length < offset + NONCE_BYTES + TAG_BYTES) {
            throw new IllegalArgumentException("sealed value too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed, offset, NONCE_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, offset + NONCE_BYTES, sealed.length - offset - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ciphertext failed authentication (altered, wrong key or not its owner's)",
                    e);
        }
    }
}
