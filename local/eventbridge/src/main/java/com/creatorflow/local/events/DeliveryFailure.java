package com.creatorflow.local.events;

/**
 * A target did not take an event. The code is one of EventBridge's dead-letter {@code ERROR_CODE}s
 * ({@code NO_RESOURCE}, {@code THROTTLING}, {@code SDK_CLIENT_ERROR}, {@code CONNECTION_FAILURE}, ...); a failure
 * that is not retryable goes straight to the dead-letter queue, as in AWS.
 */
public final class DeliveryFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final String errorCode;
    private final boolean retryable;

    /**
     * @param errorCode the dead-letter ERROR_CODE
     * @param message what happened
     * @param retryable whether trying again can help
     */
    public DeliveryFailure(String errorCode, String message, boolean retryable) {
        super(message);
        this.errorCode = errorCode;
        this.retryable = retryable;
    }

    /** The dead-letter ERROR_CODE. */
    public String errorCode() {
        return errorCode;
    }

    /** Whether a retry can help. */
    public boolean retryable() {
        return retryable;
    }
}
