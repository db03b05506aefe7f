package com.creatorflow.shared.inventory.testing;

import com.creatorflow.shared.inventory.domain.InventoryInput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators the CSV fuzz suites share: hostile files and valid SKUs that look like spreadsheet formulas. */
public final class CsvArbitraries {
    private CsvArbitraries() {
    }

    /**
     * Files of up to 8 lines of up to {@code maxCells} cells drawn from {@code words} or any short string, as UTF-8,
     * with a leading BOM, or as raw bytes.
     */
    public static Arbitrary<byte[]> files(int maxCells, Supplier<String> lineBreak, String... words) {
        Arbitrary<String> cell = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12), Arbitraries.of(words));
        Arbitrary<String> text = cell.list().ofMaxSize(maxCells).map(cells -> String.join(",", cells)).list()
                .ofMaxSize(8).map(lines -> String.join(lineBreak.get(), lines));
        return Arbitraries.oneOf(text.map(t -> t.getBytes(StandardCharsets.UTF_8)),
                text.map(t -> ("\uFEFF" + t).getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
    }

    /** 1-10 valid SKUs, many starting with a formula character. */
    public static Arbitrary<List<String>> skus() {
        Arbitrary<String> prefix = Arbitraries.of("", "=", "+", "-", "@", "'", "''=", "'+", "\t");
        Arbitrary<String> body = Arbitraries.strings().withCharRange(' ', '~').withChars('é', '\u00a0', 'λ')
                .ofMinLength(1).ofMaxLength(20);
        return Combinators.combine(prefix, body).as(String::concat).map(String::strip)
                .filter(sku -> InventoryInput.skuProblem(sku).isEmpty()).list().ofMinSize(1).ofMaxSize(10);
    }
}
