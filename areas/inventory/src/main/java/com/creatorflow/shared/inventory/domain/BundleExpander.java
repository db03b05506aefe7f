package com.creatorflow.shared.inventory.domain;

import com.creatorflow.shared.order.LineItem;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an order's lines into units per stocked SKU: a bundle line becomes its components times the line's
 * quantity, and the same SKU reached through several lines is added up.
 */
public final class BundleExpander {
    private BundleExpander() {
    }

    /**
     * Units per stocked SKU for these lines.
     *
     * @param lines the order's lines
     * @param bundles the tenant's bundles among the lines' SKUs, by bundle SKU
     */
    public static Map<String, Integer> expand(Collection<LineItem> lines, Map<String, Bundle> bundles) {
        Map<String, Integer> needs = new LinkedHashMap<>();
        for (LineItem line : lines) {
            Bundle bundle = bundles.get(line.sku());
            if (bundle == null) {
                needs.merge(line.sku(), line.quantity(), Math::addExact);
                continue;
            }
            for (Bundle.Component component : bundle.components()) {
                needs.merge(component.sku(), Math.multiplyExact(component.quantity(), line.quantity()),
                        Math::addExact);
            }
        }
        return needs;
    }

    /** The SKUs of some lines (to look their bundles up). */
    public static List<String> skus(Collection<LineItem> lines) {
        return lines.stream().map(LineItem::sku).distinct().toList();
    }
}
