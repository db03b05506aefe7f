package com.creatorflow.shared.inventory;

import com.creatorflow.shared.http.Problem;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Stock counts as CSV (Apache Commons CSV). Import columns: {@code sku}, {@code quantity} (the on-hand count) and
 * optionally {@code location}; other columns are ignored, so an export ({@code sku,location,quantity,reserved,
 * available}) can be edited and imported back. Every bad row is reported with its line number (the header is
 * line 1) and field, as {@code line 7: quantity}.
 */
public final class StockCsv {
    /** The most rows one import may have. */
    public static final int MAX_ROWS = 1_000;
    private static final String[] EXPORT_HEADER = {"sku", "location", "quantity", "reserved", "available"};

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
        List<Row> rows = new ArrayList<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).setIgnoreHeaderCase(true).setAllowMissingColumnNames(true)
                .get();
        Reader reader = new InputStreamReader(new java.io.ByteArrayInputStream(csv), StandardCharsets.UTF_8);
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            Map<String, Integer> header = parser.getHeaderMap();
            if (header == null || !hasColumn(header, "sku") || !hasColumn(header, "quantity")) {
                errors.add(error(1, "header", "the header must name the columns sku and quantity"));
                return new Parsed(List.of(), errors);
            }
            boolean hasLocation = hasColumn(header, "location");
            Map<String, Integer> firstLine = new HashMap<>();
            for (CSVRecord record : parser) {
                int line = (int) record.getRecordNumber() + 1;
                if (record.getRecordNumber() > MAX_ROWS) {
                    errors.add(error(line, "file", "a file may have at most " + MAX_ROWS + " rows"));
                    break;
                }
                Row row = row(record, line, hasLocation, errors);
                if (row == null) {
                    continue;
                }
                Integer earlier = firstLine.putIfAbsent(row.sku() + "\n" + row.location(), line);
                if (earlier != null) {
                    errors.add(error(line, "sku", row.sku() + " at " + row.location() + " is already on line "
                            + earlier));
                    continue;
                }
                rows.add(row);
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            errors.add(error(0, "file", "the file is not valid CSV: " + e.getMessage()));
        }
        if (rows.isEmpty() && errors.isEmpty()) {
            errors.add(error(1, "file", "the file has no rows"));
        }
        return new Parsed(rows, errors);
    }

    private static Row row(CSVRecord record, int line, boolean hasLocation, List<Problem.FieldError> errors) {
        int before = errors.size();
        String sku = value(record, "sku");
        InventoryInput.skuProblem(sku).ifPresent(p -> errors.add(error(line, "sku", p)));
        String location = hasLocation ? value(record, "location") : null;
        if (location == null || location.isEmpty()) {
            location = InventoryInput.DEFAULT_LOCATION;
        }
        InventoryInput.locationProblem(location).ifPresent(p -> errors.add(error(line, "location", p)));
        String quantityText = value(record, "quantity");
        long quantity = -1;
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

    private static String value(CSVRecord record, String column) {
        return record.isMapped(column) && record.isSet(column) ? record.get(column) : null;
    }

    private static boolean hasColumn(Map<String, Integer> header, String name) {
        return header.keySet().stream().anyMatch(h -> h != null && h.trim().toLowerCase(Locale.ROOT).equals(name));
    }

    /** A per-line error, named {@code line N: field}. */
    public static Problem.FieldError error(int line, String field, String message) {
        return new Problem.FieldError(line > 0 ? "line " + line + ": " + field : field, message);
    }

    /** Writes stock as CSV with the export header. */
    public static String export(Iterable<StockLevel> levels) {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(EXPORT_HEADER).setRecordSeparator("\n").get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (StockLevel level : levels) {
                printer.printRecord(level.sku(), level.location(), level.onHand(), level.reserved(),
                        level.available());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
