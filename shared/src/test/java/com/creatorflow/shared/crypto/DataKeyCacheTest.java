package com.creatorflow.shared.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class DataKeyCacheTest {
    private final List<Integer> unwrapped = new ArrayList<>();
    private final IntFunction<byte[]> unwrap = version -> {
        unwrapped.add(version);
        return AesGcm.random(32);
    };

    @Test
    void eachVersionIsUnwrappedOnceAndTheSameKeyServedAfterwards() {
        DataKeyCache cache = new DataKeyCache(4);
        var first = cache.get(1, unwrap);
        for (int i = 0; i < 10; i++) {
            assertThat(cache.get(1, unwrap)).isSameAs(first);
        }
        cache.get(2, unwrap);
        assertThat(unwrapped).containsExactly(1, 2);
    }

    @Test
    void holdsAtMostItsCapacityAndDropsTheLeastRecentlyUsedVersion() {
        DataKeyCache cache = new DataKeyCache(2);
        cache.get(1, unwrap);
        cache.get(2, unwrap);
        cache.get(1, unwrap);
        cache.get(3, unwrap);
        assertThat(cache.size()).isEqualTo(2);
        cache.get(1, unwrap);
        cache.get(2, unwrap);
        assertThat(unwrapped).containsExactly(1, 2, 3, 2);
    }

    @Test
    void aGeneratedKeyIsServedWithoutUnwrappingAndItsArrayIsWiped() {
        DataKeyCache cache = new DataKeyCache(2);
        byte[] plaintext = AesGcm.random(32);
        byte[] copy = plaintext.clone();
        cache.put(7, plaintext);
        assertThat(plaintext).containsOnly(0);
        assertThat(cache.get(7, unwrap).getEncoded()).isEqualTo(copy);
        assertThat(unwrapped).isEmpty();
    }

    @Test
    void aFailedUnwrapCachesNothing() {
        DataKeyCache cache = new DataKeyCache(2);
        assertThatThrownBy(() -> cache.get(5, version -> {
            throw new IllegalStateException("KMS says no");
        })).hasMessage("KMS says no");
        assertThat(cache.size()).isZero();
        cache.get(5, unwrap);
        assertThat(unwrapped).containsExactly(5);
    }
}
