package com.creatorflow.shared.shipping.carrier;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final byte[] BODY = "{\"trackingNumber\":\"1Z5R89390357567127\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-25T18:00:00Z");

    @Test
    void acceptsItsOwnFreshSignature() {
        String header = WebhookSignature.sign("s3cret", NOW, BODY);
        assertThatCode(() -> WebhookSignature.verify("s3cret", header, BODY, NOW.plusSeconds(60)))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAnotherSecretAnAlteredBodyAStaleTimeAndGarbage() {
        String header = WebhookSignature.sign("s3cret", NOW, BODY);
        assertThatThrownBy(() -> WebhookSignature.verify("other", header, BODY, NOW))
                .isInstanceOf(WebhookRejected.class);
        byte[] altered = "{\"trackingNumber\":\"1Z5R89390357567128\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> WebhookSignature.verify("s3cret", header, altered, NOW))
                .isInstanceOf(WebhookRejected.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> WebhookSignature.verify("s3cret", header, BODY, NOW.plusSeconds(600)))
                .isInstanceOf(WebhookRejected.class).hasMessageContaining("window");
        assertThatThrownBy(() -> WebhookSignature.verify("s3cret", "t=abc,v1=zz", BODY, NOW))
                .isInstanceOf(WebhookRejected.class);
        assertThatThrownBy(() -> WebhookSignature.verify("s3cret", null, BODY, NOW))
                .isInstanceOf(WebhookRejected.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> WebhookSignature.verify(null, header, BODY, NOW))
                .isInstanceOf(WebhookRejected.class).hasMessageContaining("no webhook secret");
    }
}
