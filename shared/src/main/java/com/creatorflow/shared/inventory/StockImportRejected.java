package com.creatorflow.shared.inventory;

import com.creatorflow.shared.error.CreatorFlowException;
import com.creatorflow.shared.http.Problem;
import java.util.List;

/** A stock import whose file has errors; nothing of it was applied. Carries every per-line error. */
public final class StockImportRejected extends CreatorFlowException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem.FieldError> errors;

    /** Refuses an import for these errors. */
    public StockImportRejected(List<Problem.FieldError> errors) {
        super(errors.size() + (errors.size() == 1 ? " line has" : " lines have")
                + " errors; nothing was applied (fix them, or import with partial=true to apply the valid lines)");
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
