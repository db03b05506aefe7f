package com.creatorflow.shared.inventory;

import com.creatorflow.shared.http.Problem;
import java.io.ByteArrayInputStream;
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
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.apache.commons.io.input.BOMInputStream;

/**
 * Stock counts as CSV (Apache Commons CSV). Import columns: {@code sku}, {@code quantity} (the on-hand count) and
 * optionally {@code location}; other columns are ignored, so an export ({@code sku,location,quantity,reserved,
 * available}) can be edited and imported back. A UTF-8 byte order mark is skipped; a column named twice is refused.
 * Every bad row is reported with its line number (the header is line 1) and field, as {@code line 7: quantity}.
 *
 * <p>Formula injection: a spreadsheet runs a cell that starts with {@code = + - @}, a tab or a carriage return as a
 * formula. The export writes such a cell with a {@code '} in front (also one that starts with quotes before such a
 * character), which spreadsheets show as text; the import takes that one {@code '} off again, so an export imports
 * back unchanged. A {@code '} before anything else is part of the value.
 */
public final class StockCsv {
    /** The most rows one import may have. */
    public static final int MAX_ROWS = 1_000;
    private static final String[] EXPORT_HEADER = {"sku", "location", "quantity", "reserved", "available"};
    /** A cell a spreadsheet would run as a formula, possibly behind quotes that an export already added. */
    private static final Pattern FORMULA = Pattern.compile("^'*[=+\\-@\t\r]");
    /** A cell that the export neutralised: one quote in front of a {@link #FORMULA}. */
    private static final Pattern NEUTRALISED = Pattern.compile("^'+[=+\\-@\t\r]");

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
                .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_EMPTY).get();
        try (Reader reader = new InputStreamReader(BOMInputStream.builder()
                .setInputStream(new ByteArrayInputStream(csv)).get(), StandardCharsets.UTF_8);
             CSVParser parser = parser(reader, format, csv, errors)) {
            if (parser == null) {
                return new Parsed(List.of(), errors);
            }
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

    /** The parser, or null (with the error) when the header names a column twice. */
    private static CSVParser parser(Reader reader, CSVFormat format, byte[] csv, List<Problem.FieldError> errors)
            throws IOException {
        try {
            return CSVParser.parse(reader, format);
        } catch (IllegalArgumentException duplicate) {
            String column = duplicateColumn(csv);
            errors.add(error(1, column == null ? "header" : column, "the header names the column "
                    + (column == null ? "" : "'" + column + "' ") + "more than once"));
            return null;
        }
    }

    /** The first column the header names twice (ignoring case), as Commons CSV refused it. */
    private static String duplicateColumn(byte[] csv) throws IOException {
        try (Reader reader = new InputStreamReader(BOMInputStream.builder()
                .setInputStream(new ByteArrayInputStream(csv)).get(), StandardCharsets.UTF_8);
             CSVParser header = CSVParser.parse(reader, CSVFormat.DEFAULT.builder().setTrim(true).get())) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String name : header.iterator().next()) {
                String key = name.toLowerCase(Locale.ROOT);
                if (!key.isEmpty() && !seen.add(key)) {
                    return name;
                }
            }
        }
        return null;
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
        if (!record.isMapped(column) || !record.isSet(column)) {
            return null;
        }
        String value = record.get(column);
        return NEUTRALISED.matcher(value).find() ? value.substring(1) : value;
    }

    /** A cell as the export writes it: with a {@code '} in front when a spreadsheet would run it as a formula. */
    static String neutralised(String value) {
        return value != null && FORMULA.matcher(value).find() ? "'" + value : value;
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
                printer.printRecord(neutralised(level.sku()), neutralised(level.location()), level.onHand(),
                        level.reserved(),
                        level.available());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
