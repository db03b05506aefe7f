package com.creatorflow.shared.inventory;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a stock count CSV: every row is checked first (format, then against the stock: a count may not be
 * below the units reserved), and nothing is applied when any row has an error unless the caller asked for a partial
 * import. Each applied row is one transaction (stock and movement); orders waiting for SKUs whose count went up are
 * served afterwards.
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
     * @throws StockImportRejected when rows have errors and {@code partial} is false
     */
    public Report importCsv(String tenant, byte[] csv, boolean partial, String actor) {
        StockCsv.Parsed parsed = StockCsv.parse(csv);
        List<Problem.FieldError> errors = new ArrayList<>(parsed.errors());
        List<StockCsv.Row> valid = new ArrayList<>();
        Map<String, SkuStock> stock = new HashMap<>();
        for (StockCsv.Row row : parsed.rows()) {
            SkuStock current = stock.computeIfAbsent(row.sku(), sku -> service.repository().stock(tenant, sku));
            long reserved = current.at(row.location()).map(StockLevel::reserved).orElse(0L);
            if (row.quantity() < reserved) {
                errors.add(StockCsv.error(row.line(), "quantity", "quantity " + row.quantity() + " is below the "
                        + reserved + " units of " + row.sku() + " reserved at " + row.location()));
            } else {
                valid.add(row);
            }
        }
        errors.sort(Comparator.comparing(StockImport::lineOf));
        if (!errors.isEmpty() && !partial) {
            throw new StockImportRejected(errors);
        }
        int applied = 0;
        int unchanged = 0;
        Set<String> increased = new LinkedHashSet<>();
        for (StockCsv.Row row : valid) {
            try {
                long delta = service.repository().setOnHand(tenant, row.sku(), row.location(), row.quantity(),
                        "stock count import", actor);
                if (delta != 0) {
                    applied++;
                } else {
                    unchanged++;
                }
                if (delta > 0) {
                    increased.add(row.sku());
                }
            } catch (ValidationFailed refused) {
                errors.add(StockCsv.error(row.line(), refused.field(), refused.getMessage()));
            }
        }
        Set<String> touched = new LinkedHashSet<>();
        valid.forEach(row -> touched.add(row.sku()));
        List<String> resumed = service.resumeBackorders(tenant, increased);
        service.evaluateLow(tenant, touched);
        int rowCount = parsed.rows().size() + (int) parsed.errors().stream().map(StockImport::lineOf)
                .filter(line -> line > 1).distinct().count();
        return new Report(rowCount, applied, unchanged, errors, resumed);
    }

    private static int lineOf(Problem.FieldError error) {
        String field = error.field();
        if (!field.startsWith("line ")) {
            return 0;
        }
        return Integer.parseInt(field.substring(5, field.indexOf(':')));
    }
}
