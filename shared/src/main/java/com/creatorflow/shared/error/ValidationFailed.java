package com.creatorflow.shared.error;

/** Input that breaks a rule; names the field so that the caller can fix it. */
public final class ValidationFailed extends CreatorFlowException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public ValidationFailed(String field, String message) {
        super(message);
        this.field = field;
    }

    @Override
    public String field() {
        return field;
    }

    @Override
    public int httpStatus() {
        return 400;
    }
}
