package com.creatorflow.shared.notify;

import com.creatorflow.shared.error.ValidationFailed;
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
 * the notification id travels as {@code X-CreatorFlow-Delivery} so receivers can drop repeats. Before each request,
 * and before following each redirect (at most {@value #MAX_REDIRECTS}), the target passes the
 * {@link WebhookAddressPolicy}; the HTTP client itself never follows redirects.
 */
public final class WebhookChannel implements NotificationChannel {
    static final int MAX_REDIRECTS = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final WebhookAddressPolicy addresses;

    /** @param addresses decides which targets may be called */
    public WebhookChannel(WebhookAddressPolicy addresses) {
        this.addresses = addresses;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public Outcome deliver(Notification notification, NotificationPreferences preferences) {
        byte[] body = Json.bytes(notification);
        String signature = signature(preferences.signingSecret(), body);
        String target = preferences.webhookUrl();
        for (int hop = 0; ; hop++) {
            URI uri;
            try {
                uri = addresses.check("webhookUrl", target);
            } catch (ValidationFailed refused) {
                return new Outcome(0, "refused " + target + ": " + refused.getMessage(), false);
            }
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .header("X-CreatorFlow-Delivery", notification.id())
                    .header("X-CreatorFlow-Signature", signature)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<Void> response;
            try {
                response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                return new Outcome(0, "the creator's webhook is unreachable: " + e.getMessage(), true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(0, "interrupted while calling the creator's webhook", true);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Outcome.delivered(status);
            }
            var location = response.headers().firstValue("Location");
            if (status >= 300 && status < 400 && location.isPresent()) {
                if (hop >= MAX_REDIRECTS) {
                    return new Outcome(status, "more than " + MAX_REDIRECTS + " redirects", false);
                }
                try {
                    target = uri.resolve(location.get()).toString();
                } catch (IllegalArgumentException e) {
                    return new Outcome(status, "the redirect's Location is not a URL", false);
                }
                continue;
            }
            return new Outcome(status, "the creator's webhook answered " + status, status >= 500 || status == 429
                    || status == 408);
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
