package com.creatorflow.shared.notify;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.crypto.PiiCipher;
import com.creatorflow.shared.http.WebhookAddressPolicy;
import com.creatorflow.shared.notify.domain.NotificationChannel;
import com.creatorflow.shared.notify.domain.NotificationTemplates;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the notification service from a function's environment: {@code NOTIFICATIONS_TABLE}; the webhook and chat
 * channels always; email when {@code NOTIFY_EMAIL} names a transport ({@link EmailChannel#fromEnv}); Web Push when
 * VAPID keys are configured ({@link VapidKeys#fromEnv}); links to {@code DASHBOARD_URL}; batches open
 * {@code NOTIFY_BATCH_WINDOW_SECONDS} (default 60); URL checks and retries as {@link WebhookAddressPolicy#fromEnv}
 * and {@link NotificationService.Delivery#fromEnv} say.
 */
public final class Notifications {
    private Notifications() {
    }

    /** The notification service the environment configures. */
    public static NotificationService fromEnv(Env env) {
        WebhookAddressPolicy addresses = WebhookAddressPolicy.fromEnv(env);
        Clock clock = Clock.systemUTC();
        List<NotificationChannel> channels = new ArrayList<>(List.of(new WebhookChannel(addresses),
                new ChatChannel(addresses)));
        EmailChannel email = EmailChannel.fromEnv(env);
        if (email != null) {
            channels.add(email);
        }
        VapidKeys vapid = VapidKeys.fromEnv(env);
        if (vapid != null) {
            channels.add(new WebPushChannel(vapid, addresses, clock));
        }
        return new NotificationService(env.aws().dynamo(), env.require("NOTIFICATIONS_TABLE"),
                new NotificationService.Setup(channels, addresses, PiiCipher.fromEnv(env), vapid,
                new NotificationTemplates(env.get("DASHBOARD_URL", "http://localhost:8080/dashboard")),
                NotificationService.Delivery.fromEnv(env),
                Duration.ofSeconds(env.getInt("NOTIFY_BATCH_WINDOW_SECONDS", 60)), clock));
    }
}
