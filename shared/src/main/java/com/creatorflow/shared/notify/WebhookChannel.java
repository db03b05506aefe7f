package com.creatorflow.shared.notify;

import com.creatorflow.shared.error.TransientFailure;
import com.creatorflow.shared.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers a notification as a signed JSON POST to the creator's own URL (their Slack/Discord relay, their tools).
 * The body is signed with HMAC-SHA256 under the creator's own webhook secret ({@code X-CreatorFlow-Signature}), and
 * the notification id travels as {@code X-CreatorFlow-Delivery} so receivers can drop repeats.
 */
public final class WebhookChannel implements NotificationChannel {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void deliver(Notification notification, NotificationPreferences preferences) {
        byte[] body = Json.bytes(notification);
        HttpRequest request = HttpRequest.newBuilder(URI.create(preferences.webhookUrl()))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("X-CreatorFlow-Delivery", notification.id())
                .header("X-CreatorFlow-Signature", signature(preferences.signingSecret(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<Void> response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 300) {
                throw new TransientFailure("the creator's webhook answered " + response.statusCode());
            }
        } catch (IOException e) {
            throw new TransientFailure("the creator's webhook is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while calling the creator's webhook", e);
        }
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
