package com.creatorflow.shared.inventory;

import com.creatorflow.shared.http.Problem;
import com.creatorflow.shared.inventory.domain.StockCount;
import com.creatorflow.shared.inventory.domain.StockCsv;
import com.creatorflow.shared.inventory.domain.StockImportRejected;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a stock count CSV: every row is checked first (format, then against the stock: a count may not be
 * below the units reserved), and nothing is applied when any row has an error unless the caller asked for a partial
 * import. The rows are applied by {@link StockCounts}: all or nothing unless partial, even when a row becomes
 * invalid while the file is applied. Orders waiting for SKUs whose count went up are served afterwards.
 */
public final class StockImport {
    private final InventoryService service;

    /** Imports through this service. */
    public StockImport(InventoryService service) {
        this.service = service;
    }

    /**
     * What an import did.
     *
     * @param rows rows in the file
     * @param applied rows that changed a count
     * @param unchanged rows whose count was already right
     * @param errors rows not applied, with why
     * @param resumedOrders waiting orders the new stock let through
     */
    public record Report(int rows, int applied, int unchanged, List<Problem.FieldError> errors,
                         List<String> resumedOrders) {
    }

    /**
     * Imports a file.
     *
     * @param partial apply the valid rows even when others have errors
     * @throws StockImportRejected when rows have errors and {@code partial} is false, found before anything was
     *     applied or while applying (then the rows applied so far are undone)
     */
    public Report importCsv(String tenant, byte[] csv, boolean partial, String actor) {
        StockCsv.Parsed parsed = StockCsv.parse(csv);
        List<Problem.FieldError> errors = new ArrayList<>(parsed.errors());
        Map<StockCount, Integer> lines = new LinkedHashMap<>();
        parsed.rows().forEach(row -> lines.put(new StockCount(row.sku(), row.location(), row.quantity()), row.line()));
        StockCounts counts = service.repository().counts();
        Map<StockCount, String> problems = counts.problems(tenant, List.copyOf(lines.keySet()));
        problems.forEach((count, problem) -> errors.add(StockCsv.error(lines.get(count), "quantity", problem)));
        if (!errors.isEmpty() && !partial) {
            throw new StockImportRejected(sorted(errors));
        }
        List<StockCount> valid = lines.keySet().stream().filter(count -> !problems.containsKey(count)).toList();
        StockCounts.Result result = counts.apply(tenant, valid, !partial, "stock count import", actor);
        result.refused().forEach((count, problem) -> errors.add(StockCsv.error(lines.get(count), "quantity",
                problem)));
        if (!partial && !result.refused().isEmpty()) {
            result.notUndone().forEach((count, delta) -> errors.add(StockCsv.error(lines.get(count), "quantity",
                    "this row was applied (" + delta + " units) and could not be undone: orders reserved the new "
                            + "units meanwhile")));
            throw new StockImportRejected(sorted(errors), result.notUndone().size());
        }
        int applied = 0;
        int unchanged = 0;
        Set<String> increased = new LinkedHashSet<>();
        for (Map.Entry<StockCount, Long> change : result.changes().entrySet()) {
            if (change.getValue() != 0) {
                applied++;
            } else {
                unchanged++;
            }
            if (change.getValue() > 0) {
                increased.add(change.getKey().sku());
            }
        }
        Set<String> touched = new LinkedHashSet<>();
        valid.forEach(count -> touched.add(count.sku()));
        List<String> resumed = service.backorders().resumeBackorders(tenant, increased);
        service.lowStock().evaluate(tenant, touched);
        int rowCount = parsed.rows().size() + (int) parsed.errors().stream().map(StockImport::lineOf)
                .filter(line -> line > 1).distinct().count();
        return new Report(rowCount, applied, unchanged, sorted(errors), resumed);
    }

    private static List<Problem.FieldError> sorted(List<Problem.FieldError> errors) {
        List<Problem.FieldError> copy = new ArrayList<>(errors);
        copy.sort(Comparator.comparing(StockImport::lineOf));
        return copy;
    }

    private static int lineOf(Problem.FieldError error) {
        String field = error.field();
        if (!field.startsWith("line ")) {
            return 0;
        }
        return Integer.parseInt(field.substring(5, field.indexOf(':')));
    }
}
