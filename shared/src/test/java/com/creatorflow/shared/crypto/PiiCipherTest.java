package com.creatorflow.shared.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creatorflow.shared.testing.LegacyPiiFormat;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PiiCipherTest {
    private final PiiCipher cipher = PiiCipher.withKey(newKey());

    @Test
    void roundTripsAndNeverShowsThePlaintext() {
        byte[] sealed = cipher.encrypt("Jamie Rivera, 1200 Sunset Blvd", "order:t#1");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("Jamie");
        assertThat(cipher.decrypt(sealed, "order:t#1")).isEqualTo("Jamie Rivera, 1200 Sunset Blvd");
    }

    @Test
    void aSealedValueIsFormatTwoItsKeyVersionANonceAndTheCiphertextWithItsTag() {
        Versions keys = new Versions();
        keys.rotate();
        keys.rotate();
        byte[] sealed = new PiiCipher(keys, Map.of()).encrypt("hello", "c");
        assertThat(sealed[0]).isEqualTo((byte) 2);
        assertThat(ByteBuffer.wrap(sealed, 1, 4).getInt()).isEqualTo(3);
        assertThat(PiiCipher.keyVersion(sealed)).isEqualTo(3);
        assertThat(sealed).hasSize(1 + 4 + 12 + "hello".length() + 16);
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
    void aValueClaimingAnotherVersionDoesNotDecrypt() {
        Versions keys = new Versions();
        keys.rotate();
        PiiCipher twoVersions = new PiiCipher(keys, Map.of());
        byte[] sealed = twoVersions.encrypt("secret", "c");
        sealed[4] = 1;
        assertThatThrownBy(() -> twoVersions.decrypt(sealed, "c")).hasMessageContaining("authentication");
    }

    @Test
    void olderVersionsStayReadableAfterARotationAndNewValuesUseTheNewOne() {
        Versions keys = new Versions();
        PiiCipher rotating = new PiiCipher(keys, Map.of());
        byte[] before = rotating.encrypt("v", "c");
        keys.rotate();
        assertThat(rotating.decrypt(before, "c")).isEqualTo("v");
        assertThat(PiiCipher.keyVersion(before)).isEqualTo(1);
        assertThat(PiiCipher.keyVersion(rotating.encrypt("v", "c"))).isEqualTo(2);
    }

    @Test
    void resealingMovesAnOldValueToTheCurrentVersionAndLeavesACurrentOneAlone() {
        Versions keys = new Versions();
        PiiCipher rotating = new PiiCipher(keys, Map.of());
        byte[] old = rotating.encrypt("v", "c");
        keys.rotate();
        byte[] resealed = rotating.resealed(old, "c").orElseThrow();
        assertThat(PiiCipher.keyVersion(resealed)).isEqualTo(2);
        assertThat(rotating.decrypt(resealed, "c")).isEqualTo("v");
        assertThat(rotating.resealed(resealed, "c")).isEmpty();
    }

    @Test
    void valuesOfTheEarlierDirectKeyFormatStayReadableWithTheLegacyKeyAndAreResealed() {
        byte[] legacyKey = newKey();
        byte[] legacy = LegacyPiiFormat.seal(legacyKey, "Jamie", "order:t#1");
        PiiCipher withLegacy = new PiiCipher(DataKeys.fixed(newKey()), Map.of((byte) 1, legacyKey));
        assertThat(withLegacy.decrypt(legacy, "order:t#1")).isEqualTo("Jamie");
        assertThat(PiiCipher.keyVersion(legacy)).isZero();
        byte[] resealed = withLegacy.resealed(legacy, "order:t#1").orElseThrow();
        assertThat(PiiCipher.keyVersion(resealed)).isEqualTo(1);
        assertThat(withLegacy.decrypt(resealed, "order:t#1")).isEqualTo("Jamie");
        assertThatThrownBy(() -> cipher.decrypt(legacy, "order:t#1")).hasMessageContaining("PII_LEGACY_KEY");
    }

    @Test
    void refusesGarbageAndKeysThatAreNotAes256() {
        assertThatThrownBy(() -> cipher.decrypt(new byte[] {9, 9, 9}, "c")).hasMessageContaining("not a PII");
        assertThatThrownBy(() -> cipher.decrypt(new byte[0], "c")).hasMessageContaining("not a PII");
        assertThatThrownBy(() -> PiiCipher.withKey(new byte[16])).hasMessageContaining("32 bytes");
    }

    @Test
    void newKeyIsA256BitKeyInBase64() {
        assertThat(Base64.getDecoder().decode(PiiCipher.newKey())).hasSize(32);
    }

    private static byte[] newKey() {
        return Base64.getDecoder().decode(PiiCipher.newKey());
    }

    /** Key versions in memory, rotated by hand. */
    private static final class Versions implements DataKeys {
        private final Map<Integer, SecretKey> keys = new HashMap<>();
        private int current;

        Versions() {
            rotate();
        }

        void rotate() {
            current++;
            keys.put(current, new SecretKeySpec(newKey(), "AES"));
        }

        @Override
        public DataKey current() {
            return new DataKey(current, keys.get(current));
        }

        @Override
        public SecretKey key(int version) {
            return keys.get(version);
        }
    }

    @Test
    void aBlindIndexIsStablePerTenantAndKeyAndRevealsNothingWithoutTheKey() {
        byte[] key = Base64.getDecoder().decode(PiiCipher.newKey());
        PiiCipher cipher = PiiCipher.withKey(key);
        String ana = cipher.blindIndex("tenant-a", "name", "ana lópez").orElseThrow();
        assertThat(ana).hasSize(22);
        assertThat(PiiCipher.withKey(key).blindIndex("tenant-a", "name", "ana lópez")).contains(ana);
        assertThat(cipher.blindIndex("tenant-b", "name", "ana lópez")).isPresent().get().isNotEqualTo(ana);
        assertThat(cipher.blindIndex("tenant-a", "phone", "ana lópez")).isPresent().get().isNotEqualTo(ana);
        assertThat(PiiCipher.withKey(Base64.getDecoder().decode(PiiCipher.newKey()))
                .blindIndex("tenant-a", "name", "ana lópez")).isPresent().get().isNotEqualTo(ana);
        DataKeys none = new DataKeys() {
            @Override
            public DataKey current() {
                throw new IllegalStateException("no key yet");
            }

            @Override
            public SecretKey key(int version) {
                throw new IllegalStateException("PII key version " + version + " is not in the keys table");
            }
        };
        assertThat(new PiiCipher(none, Map.of()).blindIndex("tenant-a", "name", "ana lópez")).isEmpty();
    }
}
