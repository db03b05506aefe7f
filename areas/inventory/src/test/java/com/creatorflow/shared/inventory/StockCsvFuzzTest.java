package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.InventoryInput;
import com.creatorflow.shared.inventory.domain.StockCsv;
import com.creatorflow.shared.inventory.domain.StockLevel;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.inventory.testing.CsvArbitraries;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based checks of the stock CSV: any bytes parse into rows and named errors without an exception, and
 * whatever SKUs and locations the API accepts (formula-like ones included) come back unchanged through an export
 * and an import, while no exported cell starts as a spreadsheet formula. Tries: {@code -Dfuzz.tries}.
 */
class StockCsvFuzzTest {
    @Property
    void anyBytesParseIntoRowsAndNamedErrorsWithoutAnException(@ForAll("files") byte[] file) {
        StockCsv.Parsed parsed = StockCsv.parse(file);
        assertThat(parsed.rows().isEmpty() && parsed.errors().isEmpty()).isFalse();
        parsed.errors().forEach(error -> assertThat(error.field()).isNotBlank());
        assertThat(parsed.rows()).allSatisfy(row -> {
            assertThat(InventoryInput.skuProblem(row.sku())).isEmpty();
            assertThat(InventoryInput.locationProblem(row.location())).isEmpty();
        });
    }

    @Property
    void anExportImportsBackUnchangedAndNoCellStartsAsAFormula(@ForAll("skus") List<String> skus,
                                                                @ForAll("locations") String location) {
        List<StockLevel> levels = new ArrayList<>();
        Set<String> distinct = new LinkedHashSet<>(skus);
        distinct.forEach(sku -> levels.add(new StockLevel(sku, location, 3, 1, 2, null)));
        String csv = StockCsv.export(levels);
        for (String line : csv.lines().skip(1).toList()) {
            String cell = line.startsWith("\"") ? line.substring(1) : line;
            assertThat(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-")
                    .doesNotStartWith("@").doesNotStartWith("\t");
        }
        StockCsv.Parsed parsed = StockCsv.parse(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.rows()).extracting(StockCsv.Row::sku).containsExactlyElementsOf(distinct);
        assertThat(parsed.rows()).extracting(StockCsv.Row::location).containsOnly(location);
    }

    @Provide
    Arbitrary<byte[]> files() {
        return CsvArbitraries.files(5, () -> Arbitraries.of("\n", "\r\n").sample(), "sku", "SKU", "quantity",
                "location", "", "\"", "\"a,b\"", "=1+1", "'=x", "-5", "99999999999999999999", "\uFEFF", "\r", "é",
                "#");
    }

    @Provide
    Arbitrary<List<String>> skus() {
        return CsvArbitraries.skus();
    }

    @Provide
    Arbitrary<String> locations() {
        return Arbitraries.strings().withChars("abcXYZ019._-").ofMinLength(1).ofMaxLength(40);
    }
}
