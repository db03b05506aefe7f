package com.creatorflow.shared.tiktok;

import com.creatorflow.shared.tiktok.domain.TikTokSigner;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The signatures against vectors computed outside the code under test: TikTok's published request example, and
 * HMAC-SHA256 values computed with another implementation (Python's hmac module) and pasted here.
 */
class TikTokSignerTest {
    private static final String WEBHOOK_BODY = "{\"type\":1,\"tts_notification_id\":\"7327112393057371910\","
            + "\"shop_id\":\"7494049642642441621\",\"timestamp\":1644412885,\"data\":{\"order_id\":"
            + "\"576462207837409441\",\"order_status\":\"AWAITING_SHIPMENT\",\"is_on_hold_order\":false,"
            + "\"update_time\":1644412882}}";

    @Test
    void signsThePublishedRequestExample() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("timestamp", "1623812664");
        query.put("app_key", "29a39d");
        assertThat(TikTokSigner.sign("e59af819cc", "/authorization/202309/shops", query, null))
                .isEqualTo("b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8");
    }

    @Test
    void leavesSignAndAccessTokenOutAndAppendsTheBody() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("timestamp", "100");
        query.put("shop_cipher", "CIPH");
        query.put("ids", "a,b");
        query.put("app_key", "k1");
        query.put("sign", "ignored");
        query.put("access_token", "ignored-too");
        byte[] body = "{\"x\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(TikTokSigner.sign("secret9", "/order/202309/orders", query, body))
                .isEqualTo("af19abf0e5681c1e8598ac675b5d407af908be4dacddd18aa392934c5d5d4184");
    }

    @Test
    void signsAndVerifiesAWebhook() {
        byte[] body = WEBHOOK_BODY.getBytes(StandardCharsets.UTF_8);
        String expected = "0e2da436e7dbc95f914c91fb88b0ce64648ea5605c008d94167dc0186d93c1de";
        assertThat(TikTokSigner.webhookSignature("test-app-key", "test-secret-123", body)).isEqualTo(expected);
        assertThat(TikTokSigner.verifyWebhook("test-app-key", "test-secret-123", body, expected)).isTrue();
    }

    @Test
    void refusesAWrongMissingOrAlteredWebhookSignature() {
        byte[] body = WEBHOOK_BODY.getBytes(StandardCharsets.UTF_8);
        String good = "0e2da436e7dbc95f914c91fb88b0ce64648ea5605c008d94167dc0186d93c1de";
        assertThat(TikTokSigner.verifyWebhook("test-app-key", "test-secret-123", body, null)).isFalse();
        assertThat(TikTokSigner.verifyWebhook("test-app-key", "test-secret-123", body, "")).isFalse();
        assertThat(TikTokSigner.verifyWebhook("test-app-key", "other-secret", body, good)).isFalse();
        assertThat(TikTokSigner.verifyWebhook("test-app-key", "test-secret-123", body, "Bearer " + good)).isFalse();
        byte[] altered = WEBHOOK_BODY.replace("AWAITING_SHIPMENT", "CANCELLED").getBytes(StandardCharsets.UTF_8);
        assertThat(TikTokSigner.verifyWebhook("test-app-key", "test-secret-123", altered, good)).isFalse();
    }

    @Test
    void refusesAWebhookSignatureInUppercaseOrPaddedHex() {
        byte[] body = WEBHOOK_BODY.getBytes(StandardCharsets.UTF_8);
        String good = "0e2da436e7dbc95f914c91fb88b0ce64648ea5605c008d94167dc0186d93c1de";
        assertThat(TikTokSigner.verifyWebhook("test-app-key", "test-secret-123", body,
                good.toUpperCase(java.util.Locale.ROOT))).isFalse();
        assertThat(TikTokSigner.verifyWebhook("test-app-key", "test-secret-123", body, " " + good)).isFalse();
        assertThat(TikTokSigner.verifyWebhook("test-app-key", "test-secret-123", body, good + " ")).isFalse();
    }
}
