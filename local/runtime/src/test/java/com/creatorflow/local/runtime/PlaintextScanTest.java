package com.creatorflow.local.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.zip.DeflaterOutputStream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The scan that the end-to-end tests trust finds a name wherever an unencrypted label would leave it. */
class PlaintextScanTest {
    private static final String NAME = "Jamie Rivera";
    private static final byte[] PAGE = "BT /F1 9 Tf (Jamie Rivera) Tj ET".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void findsANameInAFlateStreamOfAPdf() throws IOException {
        byte[] pdf = concat("%PDF-1.7\n1 0 obj << /Filter /FlateDecode >> stream\n".getBytes(StandardCharsets.US_ASCII),
                deflate(PAGE), "\nendstream".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(pdf, StandardCharsets.ISO_8859_1)).doesNotContain(NAME);
        assertThat(PlaintextScan.contains(pdf, NAME)).isTrue();
    }

    @Test
    void findsANameInACompressedBinaryAttributeAsDynoxideStoresIt() throws IOException {
        byte[] row = ("{\"pdf\":{\"B\":\"" + Base64.getEncoder().encodeToString(deflate(PAGE)) + "\"}}")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(PlaintextScan.contains(row, NAME)).isTrue();
    }

    @Test
    void findsNothingInAnEncryptedLabel() throws Exception {
        byte[] key = new byte[32];
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(key);
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        assertThat(PlaintextScan.contains(aes.doFinal(deflate(PAGE)), NAME)).isFalse();
    }

    private static byte[] deflate(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out)) {
            deflater.write(data);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
