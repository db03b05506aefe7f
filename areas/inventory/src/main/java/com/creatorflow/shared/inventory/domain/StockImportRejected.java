package com.creatorflow.shared.inventory.domain;

import com.creatorflow.shared.csv.CsvRejected;
import com.creatorflow.shared.http.Problem;
import java.util.List;

/**
 * A stock import whose file has errors; nothing of it was applied (or, when orders reserved imported units before
 * they could be undone, only the rows its errors say). Carries every per-line error.
 */
public final class StockImportRejected extends CsvRejected {
    private static final long serialVersionUID = 1L;

    /** Refuses an import for these errors; nothing was applied. */
    public StockImportRejected(List<Problem.FieldError> errors) {
        this(errors, 0);
    }

    /** Refuses an import for these errors; {@code notUndone} rows stayed applied (the errors name them). */
    public StockImportRejected(List<Problem.FieldError> errors, int notUndone) {
        super(errors.size() + (errors.size() == 1 ? " line has" : " lines have") + " errors; "
                + (notUndone == 0 ? "nothing was applied" : notUndone + " applied rows could not be undone")
                + " (fix them, or import with partial=true to apply the valid lines)", errors);
    }
}
