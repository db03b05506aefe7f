package com.creatorflow.local.sfn.engine;

/**
 * An API error with the Step Functions error code the SDK maps to its exception classes ({@code ExecutionAlreadyExists},
 * {@code ExecutionDoesNotExist}, {@code InvalidDefinition}, {@code TaskTimedOut}, ...).
 */
public final class SfnException extends RuntimeException {
    private final String code;

    /**
     * @param code the API error code
     * @param message the message
     */
    public SfnException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The API error code. */
    public String code() {
        return code;
    }
}
