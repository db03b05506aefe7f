package com.creatorflow.shared.tiktok;

import com.creatorflow.shared.tiktok.domain.Shop;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ShopTest {
    private final Shop shop = new Shop("7494", "tenant", "Shop", "US", "cipher", Shop.Status.AUTHORIZED,
            "access-secret", Instant.now(), "refresh-secret", Instant.now());

    @Test
    void onlyAnAuthorizedShopMayBeCalled() {
        assertThat(shop.authorized()).isTrue();
        assertThat(shop.withStatus(Shop.Status.DEAUTHORIZED).authorized()).isFalse();
        assertThat(shop.withStatus(Shop.Status.TOKEN_EXPIRED).authorized()).isFalse();
    }

    @Test
    void toStringNeverShowsTheTokens() {
        assertThat(shop.toString()).doesNotContain("access-secret").doesNotContain("refresh-secret")
                .contains("redacted");
    }
}
