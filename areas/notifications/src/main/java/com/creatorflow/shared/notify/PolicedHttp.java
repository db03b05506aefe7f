package com.creatorflow.shared.notify;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.WebhookAddressPolicy;
import com.creatorflow.shared.notify.domain.NotificationChannel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs to a user-given URL without SSRF: before the request, and before following each redirect (at most
 * {@value #MAX_REDIRECTS}), the target passes the {@link WebhookAddressPolicy}; the HTTP client itself never follows
 * redirects. Answers become a channel {@link NotificationChannel.Outcome}.
 */
public final class PolicedHttp {
    static final int MAX_REDIRECTS = 3;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final WebhookAddressPolicy addresses;

    /** @param addresses decides which targets may be called */
    public PolicedHttp(WebhookAddressPolicy addresses) {
        this.addresses = addresses;
    }

    /** POSTs {@code body} to {@code url} with the headers; {@code field} names the URL in a refusal. */
    public NotificationChannel.Outcome post(String field, String url, Map<String, String> headers, byte[] body) {
        String target = url;
        for (int hop = 0; ; hop++) {
            URI uri;
            try {
                uri = addresses.check(field, target);
            } catch (ValidationFailed refused) {
                return new NotificationChannel.Outcome(0, "refused " + target + ": " + refused.getMessage(), false);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            HttpResponse<Void> response;
            try {
                response = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                return new NotificationChannel.Outcome(0, "the receiver is unreachable: " + e.getMessage(), true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new NotificationChannel.Outcome(0, "interrupted while calling the receiver", true);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return NotificationChannel.Outcome.delivered(status);
            }
            var location = response.headers().firstValue("Location");
            if (status >= 300 && status < 400 && location.isPresent()) {
                if (hop >= MAX_REDIRECTS) {
                    return new NotificationChannel.Outcome(status, "more than " + MAX_REDIRECTS + " redirects", false);
                }
                try {
                    target = uri.resolve(location.get()).toString();
                } catch (IllegalArgumentException e) {
                    return new NotificationChannel.Outcome(status, "the redirect's Location is not a URL", false);
                }
                continue;
            }
            return new NotificationChannel.Outcome(status, "the receiver answered " + status,
                    status >= 500 || status == 429 || status == 408);
        }
    }
}
