package com.creatorflow.shared.csv;

import com.creatorflow.shared.error.CreatorFlowException;
import com.creatorflow.shared.http.Problem;
import java.util.List;

/** An imported file with errors: a 400 {@code ValidationFailed} problem that lists every per-line error. */
public class CsvRejected extends CreatorFlowException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem.FieldError> errors;

    /**
     * @param message what happened to the file
     * @param errors the per-line errors ({@code field} like {@code line 7: quantity})
     */
    public CsvRejected(String message, List<Problem.FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    /** The per-line errors. */
    public final List<Problem.FieldError> errors() {
        return errors;
    }

    /** The problem document listing every error. */
    public final Problem problem() {
        return new Problem("https://creatorflow.dev/problems/ValidationFailed", "ValidationFailed", httpStatus(),
                getMessage(), errors);
    }

    @Override
    public String errorName() {
        return "ValidationFailed";
    }

    @Override
    public int httpStatus() {
        return 400;
    }
}
