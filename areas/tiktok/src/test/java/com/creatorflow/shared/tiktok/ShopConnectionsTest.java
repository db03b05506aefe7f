package com.creatorflow.shared.tiktok;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ShopConnectionsTest {
    private static ShopConnections.Settings settings(String authorize, String serviceId) {
        return new ShopConnections.Settings(URI.create(authorize), serviceId, null, Duration.ofMinutes(10));
    }

    @Test
    void theAuthorizationUrlCarriesTheServiceIdAndTheStateEncoded() {
        String url = ShopConnections.authorizationUrl(settings("https://services.us.tiktokshop.com/open/authorize",
                "7100 1"), "a+b/c=");

        assertThat(url).isEqualTo("https://services.us.tiktokshop.com/open/authorize?service_id=7100+1"
                + "&state=a%2Bb%2Fc%3D");
    }

    @Test
    void anAuthorizePageWithAQueryGetsTheParametersAppended() {
        assertThat(ShopConnections.authorizationUrl(settings("https://example.test/auth?lang=en", "9"), "s"))
                .isEqualTo("https://example.test/auth?lang=en&service_id=9&state=s");
    }

    @Test
    void startingWithoutAServiceIdIsRefusedBeforeAnyStateIsIssued() {
        assertThatThrownBy(() -> ShopConnections.start(null, settings("https://x.test/a", " "), "tenant"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("TIKTOK_SERVICE_ID");
    }

    @Test
    void aStateIsStoredOnlyAsItsSha256() {
        assertThat(ConnectStates.hash("state")).hasSize(64).isEqualTo(ConnectStates.hash("state"))
                .isNotEqualTo(ConnectStates.hash("state2")).doesNotContain("state");
    }
}
