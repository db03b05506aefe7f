package com.creatorflow.shared.notify;

/** Somewhere a notification is delivered beyond the inbox (a creator's webhook, email, chat). */
public interface NotificationChannel {
    /** Delivers one notification as the preferences say; throws on failure so that the caller retries. */
    void deliver(Notification notification, NotificationPreferences preferences);

    /** The channel's name in preferences ({@code webhook}, ...). */
    String name();
}
