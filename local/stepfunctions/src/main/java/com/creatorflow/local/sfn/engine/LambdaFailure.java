package com.creatorflow.local.sfn.engine;

import java.util.List;

/**
 * A failed Lambda invocation, as Lambda reports it: an error type and message (and a stack trace for a handler's
 * exception). A service error (the function does not exist) is reported under its {@code Lambda.*} error name.
 */
public final class LambdaFailure extends RuntimeException {
    private final String errorType;
    private final String errorMessage;
    private final List<String> stackTrace;
    private final boolean serviceError;

    /**
     * @param errorType Lambda's errorType (a handler exception's fully-qualified class name)
     * @param errorMessage the message
     * @param stackTrace the handler's stack trace lines (may be empty)
     * @param serviceError true for errors of the Lambda service rather than of the function
     */
    public LambdaFailure(String errorType, String errorMessage, List<String> stackTrace, boolean serviceError) {
        super(errorType + ": " + errorMessage, null, false, false);
        this.errorType = errorType;
        this.errorMessage = errorMessage;
        this.stackTrace = List.copyOf(stackTrace);
        this.serviceError = serviceError;
    }

    /** The failure a Java handler's exception produces in Lambda: errorType is the exception's class name. */
    public static LambdaFailure of(Throwable thrown) {
        List<String> trace = new java.util.ArrayList<>();
        for (StackTraceElement element : thrown.getStackTrace()) {
            if (trace.size() == 20) {
                break;
            }
            trace.add(element.toString());
        }
        return new LambdaFailure(thrown.getClass().getName(), thrown.getMessage(), trace, false);
    }

    /** The function does not exist. */
    public static LambdaFailure notFound(String function) {
        return new LambdaFailure("Lambda.ResourceNotFoundException", "Function not found: " + function, List.of(),
                true);
    }

    /** Lambda's errorType. */
    public String errorType() {
        return errorType;
    }

    /** Lambda's errorMessage. */
    public String errorMessage() {
        return errorMessage;
    }

    /** The handler's stack trace lines. */
    public List<String> stackTraceLines() {
        return stackTrace;
    }

    /** True for an error of the Lambda service. */
    public boolean serviceError() {
        return serviceError;
    }
}
