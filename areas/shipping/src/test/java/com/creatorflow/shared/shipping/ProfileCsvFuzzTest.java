package com.creatorflow.shared.shipping;

import com.creatorflow.shared.shipping.domain.SkuProfile;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.inventory.domain.InventoryInput;
import com.creatorflow.shared.inventory.testing.CsvArbitraries;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based checks of the SKU profiles CSV: any bytes parse into profiles and named errors without an exception,
 * and profiles of any SKU the API accepts (formula-like ones included) come back unchanged through an export and an
 * import, while no exported cell starts as a spreadsheet formula. Tries: {@code -Dfuzz.tries}.
 */
class ProfileCsvFuzzTest {
    @Property
    void anyBytesParseIntoProfilesAndNamedErrorsWithoutAnException(@ForAll("files") byte[] file) {
        ProfileCsv.Parsed parsed = ProfileCsv.parse(file);
        assertThat(parsed.profiles().isEmpty() && parsed.errors().isEmpty()).isFalse();
        parsed.errors().forEach(error -> assertThat(error.field()).isNotBlank());
        assertThat(parsed.profiles()).allSatisfy(p -> {
            assertThat(InventoryInput.skuProblem(p.sku())).isEmpty();
            assertThat(p.weightGrams()).isPositive();
        });
    }

    @Property
    void anExportImportsBackUnchangedAndNoCellStartsAsAFormula(@ForAll("skus") List<String> skus,
                                                                @ForAll boolean alone) {
        Set<String> distinct = new LinkedHashSet<>(skus);
        List<SkuProfile> profiles = distinct.stream()
                .map(sku -> new SkuProfile(sku, 120, 200, 150, 40, alone ? "6109.10" : null, alone)).toList();
        String csv = ProfileCsv.export(profiles);
        for (String line : csv.lines().skip(1).toList()) {
            String cell = line.startsWith("\"") ? line.substring(1) : line;
            assertThat(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-")
                    .doesNotStartWith("@").doesNotStartWith("\t");
        }
        ProfileCsv.Parsed parsed = ProfileCsv.parse(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.profiles()).containsExactlyElementsOf(profiles);
    }

    @Provide
    Arbitrary<byte[]> files() {
        return CsvArbitraries.files(7, () -> "\n", "sku", "weightGrams", "lengthMm", "widthMm", "heightMm", "hsCode",
                "shipsAlone", "", "\"", "\"a,b\"", "=1+1", "'=x", "-5", "0", "120", "99999999999999999999", "TRUE",
                "6109.10", "\uFEFF", "\r", "é", "#");
    }

    @Provide
    Arbitrary<List<String>> skus() {
        return CsvArbitraries.skus();
    }
}
