package com.creatorflow.shared.csv;

import com.creatorflow.shared.http.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;
import org.apache.commons.io.input.BOMInputStream;

/**
 * The CSV machinery the creators' imports and exports share (Apache Commons CSV): a header row names the columns
 * (any case, any order; other columns are ignored), a UTF-8 byte order mark is skipped, a column named twice is
 * refused, and every bad row is reported with its line number (the header is line 1) and field, as
 * {@code line 7: quantity}.
 *
 * <p>Formula injection: a spreadsheet runs a cell that starts with {@code = + - @}, a tab or a carriage return as a
 * formula. An export writes such a cell with a {@code '} in front (also one that starts with quotes before such a
 * character), which spreadsheets show as text; an import takes that one {@code '} off again, so an export imports
 * back unchanged. A {@code '} before anything else is part of the value.
 */
public final class CsvSheet {
    /** A cell a spreadsheet would run as a formula, possibly behind quotes that an export already added. */
    private static final Pattern FORMULA = Pattern.compile("^'*[=+\\-@\t\r]");
    /** A cell that the export neutralised: one quote in front of a {@link #FORMULA}. */
    private static final Pattern NEUTRALISED = Pattern.compile("^'+[=+\\-@\t\r]");

    private CsvSheet() {
    }

    /** One data row of a file, read by column name. */
    public static final class Row {
        private final CSVRecord record;
        private final int line;

        private Row(CSVRecord record, int line) {
            this.record = record;
            this.line = line;
        }

        /** The row's line number in the file (the header is line 1). */
        public int line() {
            return line;
        }

        /** The cell of a column (trimmed, an export's formula guard removed), or null when the row has none. */
        public String cell(String column) {
            if (!record.isMapped(column) || !record.isSet(column)) {
                return null;
            }
            String value = record.get(column);
            return NEUTRALISED.matcher(value).find() ? value.substring(1) : value;
        }
    }

    /** Reads one row, adding its problems to {@code errors}; returns null for a row with errors. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(Row row, List<Problem.FieldError> errors);
    }

    /**
     * A read file: its valid rows and the errors of the others.
     *
     * @param rows rows without errors, in file order
     * @param errors per-line errors
     * @param <T> the row type
     */
    public record Parsed<T>(List<T> rows, List<Problem.FieldError> errors) {
    }

    /**
     * Reads a file; nothing is stored.
     *
     * @param csv the file's bytes (UTF-8, with or without a byte order mark)
     * @param required the columns the header must name
     * @param maxRows the most data rows the file may have
     * @param reader checks and converts one row
     */
    public static <T> Parsed<T> read(byte[] csv, List<String> required, int maxRows, RowReader<T> reader) {
        List<T> rows = new ArrayList<>();
        List<Problem.FieldError> errors = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).setIgnoreHeaderCase(true).setAllowMissingColumnNames(true)
                .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_EMPTY).get();
        try (Reader in = utf8(csv); CSVParser parser = parser(in, format, csv, errors)) {
            if (parser == null) {
                return new Parsed<>(List.of(), errors);
            }
            Map<String, Integer> header = parser.getHeaderMap();
            if (header == null || !required.stream().allMatch(column -> hasColumn(header, column))) {
                errors.add(error(1, "header", "the header must name the columns " + String.join(" and ", required)));
                return new Parsed<>(List.of(), errors);
            }
            for (CSVRecord record : parser) {
                int line = (int) record.getRecordNumber() + 1;
                if (record.getRecordNumber() > maxRows) {
                    errors.add(error(line, "file", "a file may have at most " + maxRows + " rows"));
                    break;
                }
                T row = reader.read(new Row(record, line), errors);
                if (row != null) {
                    rows.add(row);
                }
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            errors.add(error(0, "file", "the file is not valid CSV: " + e.getMessage()));
        }
        if (rows.isEmpty() && errors.isEmpty()) {
            errors.add(error(1, "file", "the file has no rows"));
        }
        return new Parsed<>(rows, errors);
    }

    private static Reader utf8(byte[] csv) throws IOException {
        return new InputStreamReader(BOMInputStream.builder().setInputStream(new ByteArrayInputStream(csv)).get(),
                StandardCharsets.UTF_8);
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
        try (Reader reader = utf8(csv);
             CSVParser header = CSVParser.parse(reader, CSVFormat.DEFAULT.builder().setTrim(true).get())) {
            Set<String> seen = new HashSet<>();
            for (String name : header.iterator().next()) {
                String key = name.toLowerCase(Locale.ROOT);
                if (!key.isEmpty() && !seen.add(key)) {
                    return name;
                }
            }
        }
        return null;
    }

    /** True when the header names a column (any case). */
    public static boolean hasColumn(Map<String, Integer> header, String name) {
        return header.keySet().stream().anyMatch(h -> h != null && h.trim().equalsIgnoreCase(name));
    }

    /** A cell as an export writes it: with a {@code '} in front when a spreadsheet would run it as a formula. */
    public static String neutralised(String value) {
        return value != null && FORMULA.matcher(value).find() ? "'" + value : value;
    }

    /** A per-line error, named {@code line N: field}. */
    public static Problem.FieldError error(int line, String field, String message) {
        return new Problem.FieldError(line > 0 ? "line " + line + ": " + field : field, message);
    }

    /** Writes rows under a header; text cells are {@linkplain #neutralised neutralised}. */
    public static String write(List<String> header, Iterable<List<Object>> rows) {
        StringWriter out = new StringWriter();
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new))
                .setRecordSeparator("\n").get();
        try (CSVPrinter printer = new CSVPrinter(out, format)) {
            for (List<Object> row : rows) {
                List<Object> cells = new ArrayList<>(row.size());
                row.forEach(cell -> cells.add(cell instanceof String text ? neutralised(text) : cell));
                printer.printRecord(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
