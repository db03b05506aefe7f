package com.creatorflow.shared.inventory;

import com.creatorflow.shared.inventory.domain.Bundle;
import com.creatorflow.shared.inventory.domain.BundleExpander;
import static org.assertj.core.api.Assertions.assertThat;

import com.creatorflow.shared.order.LineItem;
import com.creatorflow.shared.order.Money;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BundleExpanderTest {
    private static LineItem line(String sku, int quantity) {
        return new LineItem(sku, "p", "Product", "Default", quantity, Money.parse("5.00", "USD"), List.of());
    }

    @Test
    void expandsBundlesTimesTheLineQuantityAndAddsUpSharedSkus() {
        Bundle starter = new Bundle("STARTER-KIT", List.of(new Bundle.Component("TEE", 1),
                new Bundle.Component("STICKER", 3)));
        Map<String, Integer> needs = BundleExpander.expand(List.of(line("STARTER-KIT", 2), line("STICKER", 1),
                line("CAP", 1)), Map.of("STARTER-KIT", starter));
        assertThat(needs).containsExactlyInAnyOrderEntriesOf(Map.of("TEE", 2, "STICKER", 7, "CAP", 1));
    }

    @Test
    void linesWithoutBundlesStayAsTheyAre() {
        assertThat(BundleExpander.expand(List.of(line("TEE", 4)), Map.of())).containsExactly(Map.entry("TEE", 4));
    }
}
