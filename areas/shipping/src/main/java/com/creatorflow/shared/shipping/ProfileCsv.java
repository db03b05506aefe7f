package com.creatorflow.shared.shipping;

import com.creatorflow.shared.csv.CsvSheet;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.Problem;
import com.creatorflow.shared.inventory.domain.InventoryInput;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SKU shipping profiles as CSV, through the same {@link CsvSheet} machinery as stock counts (byte order mark,
 * duplicate columns, per-line errors, the formula guard). Columns: {@code sku, weightGrams, lengthMm, widthMm,
 * heightMm} and optionally {@code hsCode, shipsAlone} ({@code true}/{@code false}, empty: false); the export writes
 * all seven, so it imports back unchanged.
 */
public final class ProfileCsv {
    /** The most rows one import may have. */
    public static final int MAX_ROWS = 1_000;
    static final List<String> COLUMNS = List.of("sku", "weightGrams", "lengthMm", "widthMm", "heightMm", "hsCode",
            "shipsAlone");

    private ProfileCsv() {
    }

    /**
     * A read file.
     *
     * @param profiles the valid rows' profiles, in file order
     * @param errors the other rows' errors ({@code line 7: weightGrams})
     */
    public record Parsed(List<SkuProfile> profiles, List<Problem.FieldError> errors) {
    }

    /** Reads and checks a file; nothing is stored. */
    public static Parsed parse(byte[] csv) {
        Map<String, Integer> firstLine = new HashMap<>();
        CsvSheet.Parsed<SkuProfile> parsed = CsvSheet.read(csv, COLUMNS.subList(0, 5), MAX_ROWS, (row, errors) -> {
            SkuProfile profile = profile(row, errors);
            if (profile != null) {
                Integer earlier = firstLine.putIfAbsent(profile.sku(), row.line());
                if (earlier != null) {
                    errors.add(CsvSheet.error(row.line(), "sku", profile.sku() + " is already on line " + earlier));
                    return null;
                }
            }
            return profile;
        });
        return new Parsed(parsed.rows(), parsed.errors());
    }

    private static SkuProfile profile(CsvSheet.Row row, List<Problem.FieldError> errors) {
        int before = errors.size();
        int line = row.line();
        String sku = row.cell("sku");
        InventoryInput.skuProblem(sku).ifPresent(p -> errors.add(CsvSheet.error(line, "sku", p)));
        int weight = number(row, "weightGrams", ShippingSettingsInput.MAX_GRAMS, errors);
        int length = number(row, "lengthMm", ShippingSettingsInput.MAX_MM, errors);
        int width = number(row, "widthMm", ShippingSettingsInput.MAX_MM, errors);
        int height = number(row, "heightMm", ShippingSettingsInput.MAX_MM, errors);
        String hsCode = row.cell("hsCode");
        hsCode = hsCode == null || hsCode.isEmpty() ? null : hsCode;
        try {
            ShippingSettingsInput.hsCode(hsCode, "hsCode");
        } catch (ValidationFailed e) {
            errors.add(CsvSheet.error(line, "hsCode", e.getMessage()));
        }
        String alone = row.cell("shipsAlone");
        if (alone != null && !alone.isEmpty() && !alone.equalsIgnoreCase("true") && !alone.equalsIgnoreCase("false")) {
            errors.add(CsvSheet.error(line, "shipsAlone", "shipsAlone must be true, false or empty (got '" + alone
                    + "')"));
        }
        return errors.size() == before ? new SkuProfile(sku, weight, length, width, height, hsCode,
                "true".equalsIgnoreCase(alone)) : null;
    }

    private static int number(CsvSheet.Row row, String column, int max, List<Problem.FieldError> errors) {
        String text = row.cell(column);
        try {
            int value = Integer.parseInt(text == null ? "" : text);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(CsvSheet.error(row.line(), column, column + " must be a whole number from 1 to " + max
                + " (got '" + (text == null ? "" : text) + "')"));
        return 1;
    }

    /** Writes profiles as CSV with every column. */
    public static String export(Iterable<SkuProfile> profiles) {
        List<List<Object>> rows = new ArrayList<>();
        for (SkuProfile p : profiles) {
            rows.add(Arrays.asList(p.sku(), p.weightGrams(), p.lengthMm(), p.widthMm(), p.heightMm(), p.hsCode(),
                    p.shipsAlone()));
        }
        return CsvSheet.write(COLUMNS, rows);
    }
}
