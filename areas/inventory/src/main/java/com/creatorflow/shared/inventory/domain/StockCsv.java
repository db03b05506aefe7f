package com.creatorflow.shared.inventory.domain;

import com.creatorflow.shared.csv.CsvSheet;
import com.creatorflow.shared.http.Problem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stock counts as CSV ({@link CsvSheet}: byte order mark, duplicate columns, per-line errors and the formula guard
 * are handled there). Import columns: {@code sku}, {@code quantity} (the on-hand count) and optionally
 * {@code location}; other columns are ignored, so an export ({@code sku,location,quantity,reserved,available}) can be
 * edited and imported back.
 */
public final class StockCsv {
    /** The most rows one import may have. */
    public static final int MAX_ROWS = 1_000;
    private static final List<String> EXPORT_HEADER = List.of("sku", "location", "quantity", "reserved",
            "available");

    private StockCsv() {
    }

    /**
     * One valid row.
     *
     * @param line its line number in the file
     * @param sku the SKU
     * @param location the location
     * @param quantity the on-hand count
     */
    public record Row(int line, String sku, String location, long quantity) {
    }

    /**
     * A parsed file: its valid rows and the errors of the others.
     *
     * @param rows rows without errors
     * @param errors per-line errors, by line
     */
    public record Parsed(List<Row> rows, List<Problem.FieldError> errors) {
    }

    /** Reads and checks a file; nothing is stored. */
    public static Parsed parse(byte[] csv) {
        Map<String, Integer> firstLine = new HashMap<>();
        CsvSheet.Parsed<Row> parsed = CsvSheet.read(csv, List.of("sku", "quantity"), MAX_ROWS, (cells, errors) -> {
            Row row = row(cells, errors);
            if (row == null) {
                return null;
            }
            Integer earlier = firstLine.putIfAbsent(row.sku() + "\n" + row.location(), row.line());
            if (earlier != null) {
                errors.add(error(row.line(), "sku", row.sku() + " at " + row.location() + " is already on line "
                        + earlier));
                return null;
            }
            return row;
        });
        return new Parsed(parsed.rows(), parsed.errors());
    }

    private static Row row(CsvSheet.Row cells, List<Problem.FieldError> errors) {
        int before = errors.size();
        int line = cells.line();
        String sku = cells.cell("sku");
        InventoryInput.skuProblem(sku).ifPresent(p -> errors.add(error(line, "sku", p)));
        String location = cells.cell("location");
        if (location == null || location.isEmpty()) {
            location = InventoryInput.DEFAULT_LOCATION;
        }
        InventoryInput.locationProblem(location).ifPresent(p -> errors.add(error(line, "location", p)));
        String quantityText = cells.cell("quantity");
        long quantity;
        try {
            quantity = Long.parseLong(quantityText == null ? "" : quantityText);
        } catch (NumberFormatException e) {
            quantity = -1;
        }
        if (quantity < 0 || quantity > InventoryInput.MAX_UNITS) {
            errors.add(error(line, "quantity", "quantity must be a whole number from 0 to "
                    + InventoryInput.MAX_UNITS + " (got '" + (quantityText == null ? "" : quantityText) + "')"));
        }
        return errors.size() == before ? new Row(line, sku, location, quantity) : null;
    }

    /** A per-line error, named {@code line N: field}. */
    public static Problem.FieldError error(int line, String field, String message) {
        return CsvSheet.error(line, field, message);
    }

    /** Writes stock as CSV with the export header. */
    public static String export(Iterable<StockLevel> levels) {
        List<List<Object>> rows = new ArrayList<>();
        for (StockLevel level : levels) {
            rows.add(List.of(level.sku(), level.location(), level.onHand(), level.reserved(), level.available()));
        }
        return CsvSheet.write(EXPORT_HEADER, rows);
    }
}
