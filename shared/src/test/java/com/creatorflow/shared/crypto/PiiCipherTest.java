package com.creatorflow.shared.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PiiCipherTest {
    private final PiiCipher cipher = PiiCipher.withKey(Base64.getDecoder().decode(PiiCipher.newKey()));

    @Test
    void roundTripsAndNeverShowsThePlaintext() {
        byte[] sealed = cipher.encrypt("Jamie Rivera, 1200 Sunset Blvd", "order:t#1");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("Jamie");
        assertThat(cipher.decrypt(sealed, "order:t#1")).isEqualTo("Jamie Rivera, 1200 Sunset Blvd");
    }

    @Test
    void theSameTextEncryptsDifferentlyEachTime() {
        assertThat(cipher.encrypt("x", "c")).isNotEqualTo(cipher.encrypt("x", "c"));
    }

    @Test
    void aCiphertextMovedToAnotherOrderDoesNotDecrypt() {
        byte[] sealed = cipher.encrypt("secret", "order:t#1");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "order:t#2")).hasMessageContaining("authentication");
    }

    @Test
    void aFlippedBitIsDetected() {
        byte[] sealed = cipher.encrypt("secret", "c");
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.decrypt(sealed, "c")).hasMessageContaining("authentication");
    }

    @Test
    void oldKeysStayReadableAfterRotation() {
        byte[] oldKey = Base64.getDecoder().decode(PiiCipher.newKey());
        byte[] newKey = Base64.getDecoder().decode(PiiCipher.newKey());
        byte[] sealedWithOld = new PiiCipher((byte) 1, Map.of((byte) 1, oldKey)).encrypt("v", "c");
        PiiCipher rotated = new PiiCipher((byte) 2, Map.of((byte) 1, oldKey, (byte) 2, newKey));
        assertThat(rotated.decrypt(sealedWithOld, "c")).isEqualTo("v");
        assertThat(rotated.encrypt("v", "c")[1]).isEqualTo((byte) 2);
    }

    @Test
    void refusesKeysThatAreNotAes256() {
        assertThatThrownBy(() -> PiiCipher.withKey(new byte[16])).hasMessageContaining("32 bytes");
    }
}
