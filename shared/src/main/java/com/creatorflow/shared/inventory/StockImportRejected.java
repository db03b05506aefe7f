package com.creatorflow.shared.inventory;

import com.creatorflow.shared.error.CreatorFlowException;
import com.creatorflow.shared.http.Problem;
import java.util.List;

/**
 * A stock import whose file has errors; nothing of it was applied (or, when orders reserved imported units before
 * they could be undone, only the rows its errors say). Carries every per-line error.
 */
public final class StockImportRejected extends CreatorFlowException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem.FieldError> errors;

    /** Refuses an import for these errors; nothing was applied. */
    public StockImportRejected(List<Problem.FieldError> errors) {
        this(errors, 0);
    }

    /** Refuses an import for these errors; {@code notUndone} rows stayed applied (the errors name them). */
    public StockImportRejected(List<Problem.FieldError> errors, int notUndone) {
        super(errors.size() + (errors.size() == 1 ? " line has" : " lines have") + " errors; "
                + (notUndone == 0 ? "nothing was applied" : notUndone + " applied rows could not be undone")
                + " (fix them, or import with partial=true to apply the valid lines)");
        this.errors = List.copyOf(errors);
    }

    /** The per-line errors ({@code field} like {@code line 7: quantity}). */
    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** The problem document listing every error. */
    public Problem problem() {
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
