package com.creatorflow.shared.error;

/**
 * A creator's rule asks for something this order cannot get (a carrier the shipping settings do not allow, a
 * warehouse that does not exist). Never retried: the workflow's catch puts the order in front of a person with this
 * message as the reason.
 */
public final class RuleActionRefused extends CreatorFlowException {
    private static final long serialVersionUID = 1L;
    private final String field;

    /**
     * @param field the rule outcome's field that cannot be carried out ({@code carrier}, {@code warehouse}, ...)
     * @param message why, naming the rule
     */
    public RuleActionRefused(String field, String message) {
        super(message);
        this.field = field;
    }

    @Override
    public int httpStatus() {
        return 422;
    }

    @Override
    public String field() {
        return field;
    }
}
