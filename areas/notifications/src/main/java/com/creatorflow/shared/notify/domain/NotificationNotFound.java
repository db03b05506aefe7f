package com.creatorflow.shared.notify.domain;

import com.creatorflow.shared.error.CreatorFlowException;

/** No such notification, message or subscription for this tenant (never made, or another tenant's). */
public final class NotificationNotFound extends CreatorFlowException {
    private static final long serialVersionUID = 1L;

    public NotificationNotFound(String notificationId) {
        this("notification", notificationId);
    }

    /** Something of this kind ({@code message}, {@code push subscription}) with this id is not found. */
    public NotificationNotFound(String what, String id) {
        super(what + " " + id + " was not found");
    }

    @Override
    public int httpStatus() {
        return 404;
    }
}
