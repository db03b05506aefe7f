package com.creatorflow.shared.notify;

import com.creatorflow.shared.error.CreatorFlowException;

/** No such notification for this tenant (never made, or another tenant's). */
public final class NotificationNotFound extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public NotificationNotFound(String notificationId) {
        super("notification " + notificationId + " was not found");
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
