package com.creatorflow.shared.notify;

import com.creatorflow.shared.http.WebhookAddressPolicy;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.notify.domain.NotificationChannel;
import com.creatorflow.shared.notify.domain.OutgoingMessage;
import com.creatorflow.shared.notify.domain.RenderedMessage;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers a message as a signed JSON POST to the creator's own URL (their relay, their tools). The body is signed
 * with HMAC-SHA256 under the creator's own webhook secret ({@code X-CreatorFlow-Signature}), and the message id
 * travels as {@code X-CreatorFlow-Delivery} so receivers can drop repeats. Targets pass {@link PolicedHttp}.
 */
public final class WebhookChannel implements NotificationChannel {
    private final PolicedHttp http;

    /** @param addresses decides which targets may be called */
    public WebhookChannel(WebhookAddressPolicy addresses) {
        this.http = new PolicedHttp(addresses);
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public Outcome deliver(OutgoingMessage message) {
        RenderedMessage content = message.content();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", message.messageId());
        payload.put("notificationId", content.notificationId());
        payload.put("kind", content.kind());
        payload.put("severity", content.severity());
        payload.put("count", content.count());
        payload.put("title", content.title());
        payload.put("message", content.text());
        payload.put("url", content.url());
        payload.put("data", content.facts());
        byte[] body = Json.bytes(payload);
        return http.post("webhookUrl", message.target(), Map.of("Content-Type", "application/json",
                "X-CreatorFlow-Delivery", message.messageId(),
                "X-CreatorFlow-Signature", signature(message.secret(), body)), body);
    }

    /** The {@code X-CreatorFlow-Signature} value of a body under a creator's secret: "sha256=" + hex HMAC. */
    public static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
