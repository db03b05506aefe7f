package com.creatorflow.notifications;

import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.notify.NotificationService;
import com.creatorflow.shared.notify.WebhookChannel;
import java.time.Clock;

/** Builds the notification service from a function's environment ({@code NOTIFICATIONS_TABLE}). */
final class Notifications {
    private Notifications() {
    }

    static NotificationService fromEnv(Env env) {
        return new NotificationService(env.aws().dynamo(), env.require("NOTIFICATIONS_TABLE"), new WebhookChannel(),
                Clock.systemUTC());
    }
}
