package com.creatorflow.notifications;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.notify.NotificationService;
import com.creatorflow.shared.notify.WebhookAddressPolicy;
import com.creatorflow.shared.notify.WebhookChannel;
import java.time.Clock;

/** Builds the notification service from a function's environment ({@code NOTIFICATIONS_TABLE}; webhook checks and retries as {@link
 * WebhookAddressPolicy#fromEnv} and {@link NotificationService.Delivery#fromEnv} say). */
final class Notifications {
    private Notifications() {
    }

    static NotificationService fromEnv(Env env) {
        WebhookAddressPolicy addresses = WebhookAddressPolicy.fromEnv(env);
        return new NotificationService(env.aws().dynamo(), env.require("NOTIFICATIONS_TABLE"),
                new WebhookChannel(addresses), addresses, NotificationService.Delivery.fromEnv(env), Clock.systemUTC());
    }
}
