package com.creatorflow.shared.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.inventory.InventoryInput;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
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
        Arbitrary<String> cell = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12),
                Arbitraries.of("sku", "weightGrams", "lengthMm", "widthMm", "heightMm", "hsCode", "shipsAlone",
                        "", "\"", "\"a,b\"", "=1+1", "'=x", "-5", "0", "120", "99999999999999999999", "TRUE",
                        "6109.10", "\uFEFF", "\r", "é", "#"));
        Arbitrary<String> text = cell.list().ofMaxSize(7).map(cells -> String.join(",", cells)).list().ofMaxSize(8)
                .map(lines -> String.join("\n", lines));
        return Arbitraries.oneOf(text.map(t -> t.getBytes(StandardCharsets.UTF_8)),
                text.map(t -> ("\uFEFF" + t).getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
    }

    @Provide
    Arbitrary<List<String>> skus() {
        Arbitrary<String> prefix = Arbitraries.of("", "=", "+", "-", "@", "'", "''=", "'+", "\t");
        Arbitrary<String> body = Arbitraries.strings().withCharRange(' ', '~').withChars('é', '\u00a0', 'λ')
                .ofMinLength(1).ofMaxLength(20);
        return Combinators.combine(prefix, body).as(String::concat).map(String::strip)
                .filter(sku -> InventoryInput.skuProblem(sku).isEmpty()).list().ofMinSize(1).ofMaxSize(10);
    }
}
