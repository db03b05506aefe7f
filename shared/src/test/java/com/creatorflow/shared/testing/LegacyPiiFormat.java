package com.creatorflow.shared.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Values as the earlier direct-key cipher wrote them, written independently of the production code. */
public final class LegacyPiiFormat {
    private LegacyPiiFormat() {
    }

    /** Format byte 1, key id 1, a 12-byte nonce, the AES-GCM ciphertext with its tag, bound to the context. */
    public static byte[] seal(byte[] key, String plaintext, String context) {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            gcm.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = gcm.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(2 + 12 + sealed.length).put((byte) 1).put((byte) 1).put(nonce).put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
