package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.StockCsv;
import com.creatorflow.shared.inventory.domain.StockLevel;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.http.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StockCsvTest {
    private static StockCsv.Parsed parse(String text) {
        return StockCsv.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsRowsWithTheirLineNumbersAndDefaultsTheLocation() {
        StockCsv.Parsed parsed = parse("SKU,Quantity,Location\nTEE-BLK-M,12,east\nCAP,0,\n");
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.rows()).containsExactly(new StockCsv.Row(2, "TEE-BLK-M", "east", 12),
                new StockCsv.Row(3, "CAP", "default", 0));
    }

    @Test
    void namesEveryBadLineAndField() {
        StockCsv.Parsed parsed = parse("sku,location,quantity\n"
                + "TEE,east,5\n"
                + ",east,5\n"
                + "CAP,east,-1\n"
                + "MUG,east,lots\n"
                + "TEE,east,7\n"
                + "BAG,no/slash,1\n");
        assertThat(parsed.rows()).extracting(StockCsv.Row::sku).containsExactly("TEE");
        assertThat(parsed.errors()).extracting(Problem.FieldError::field).containsExactly("line 3: sku",
                "line 4: quantity", "line 5: quantity", "line 6: sku", "line 7: location");
    }

    @Test
    void refusesAFileWithoutTheRequiredColumns() {
        assertThat(parse("product,count\nTEE,1\n").errors()).extracting(Problem.FieldError::field)
                .containsExactly("line 1: header");
    }

    @Test
    void exportsWhatImportReadsBack() {
        String csv = StockCsv.export(List.of(new StockLevel("TEE, \"black\"", "east", 9, 2, 7, null)));
        assertThat(csv).startsWith("sku,location,quantity,reserved,available\n");
        StockCsv.Parsed parsed = parse(csv);
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.rows()).containsExactly(new StockCsv.Row(2, "TEE, \"black\"", "east", 9));
    }

    @Test
    void skipsAUtf8ByteOrderMarkBeforeTheHeader() {
        StockCsv.Parsed parsed = parse("\uFEFFsku,quantity\nTEE,3\n");
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.rows()).containsExactly(new StockCsv.Row(2, "TEE", "default", 3));
    }

    @Test
    void refusesAColumnNamedTwiceNamingIt() {
        assertThat(parse("sku,quantity,Quantity\nTEE,3,4\n").errors()).containsExactly(new Problem.FieldError(
                "line 1: Quantity", "the header names the column 'Quantity' more than once"));
        assertThat(parse("sku,quantity,,\nTEE,3,,\n").errors()).as("blank columns are not named").isEmpty();
    }

    @Test
    void exportNeutralisesCellsASpreadsheetWouldRunAsFormulasAndImportReadsThemBack() {
        List<String> skus = List.of("=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "'=already", "'plain",
                "ok=fine");
        List<StockLevel> levels = skus.stream().map(sku -> new StockLevel(sku, "-east", 1, 0, 1, null)).toList();
        String csv = StockCsv.export(levels);
        assertThat(csv.lines().skip(1)).allSatisfy(line -> assertThat(line).doesNotStartWith("=")
                .doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@").contains(",'-east,"));
        assertThat(csv).contains("\n\"'=HYPERLINK(", "\n''=already,", "\n'plain,", "\nok=fine,");
        StockCsv.Parsed parsed = parse(csv);
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.rows()).extracting(StockCsv.Row::sku).containsExactlyElementsOf(skus);
        assertThat(parsed.rows()).extracting(StockCsv.Row::location).containsOnly("-east");
    }
}
