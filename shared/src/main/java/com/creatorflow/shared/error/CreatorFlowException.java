package com.creatorflow.shared.error;

/**
 * A domain error with a stable name. Lambda reports a thrown exception's class name as the error type, so Step
 * Functions {@code Retry}/{@code Catch} match these classes by name, and the API maps them to HTTP statuses in one
 * place ({@code ApiResponses}).
 */
public abstract class CreatorFlowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected CreatorFlowException(String message) {
        super(message);
    }

    protected CreatorFlowException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The HTTP status the API answers with. */
    public abstract int httpStatus();

    /** The stable error name (the class's simple name). */
    public String errorName() {
        return getClass().getSimpleName();
    }

    /** The request field the error is about, when there is one. */
    public String field() {
        return null;
    }
}
