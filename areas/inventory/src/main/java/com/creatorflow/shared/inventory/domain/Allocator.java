package com.creatorflow.shared.inventory.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decides where an order's units come from. For each SKU it takes the first location in the creator's priority
 * order that can supply the whole quantity (one parcel per SKU where possible); when none can, it takes what each
 * location has, in priority order. Locations the creator did not rank come after the ranked ones, by name. An
 * order a creator's rule routes to a warehouse takes its units from that location only.
 */
public final class Allocator {
    private Allocator() {
    }

    /**
     * The plan for an order.
     *
     * @param allocations units per SKU and location, sorted by SKU then location (empty when short)
     * @param shortages the SKUs that cannot be fully supplied
     */
    public record Plan(List<Allocation> allocations, List<Shortage> shortages) {
        /** True when every unit can be supplied. */
        public boolean complete() {
            return shortages.isEmpty();
        }
    }

    /**
     * Plans an order.
     *
     * @param needs units per stocked SKU
     * @param stock the SKUs' stock as read
     * @param priority the creator's location priority
     */
    public static Plan allocate(Map<String, Integer> needs, Map<String, SkuStock> stock, List<String> priority) {
        return allocate(needs, stock, priority, null);
    }

    /**
     * Plans an order from one location only when {@code routedTo} names one (a creator's routing rule), else as
     * {@link #allocate(Map, Map, List)}.
     */
    public static Plan allocate(Map<String, Integer> needs, Map<String, SkuStock> stock, List<String> priority,
                                String routedTo) {
        List<Allocation> allocations = new ArrayList<>();
        List<Shortage> shortages = new ArrayList<>();
        for (Map.Entry<String, Integer> need : new TreeMap<>(needs).entrySet()) {
            String sku = need.getKey();
            int quantity = need.getValue();
            SkuStock skuStock = stock.getOrDefault(sku, SkuStock.none(sku));
            List<StockLevel> ordered = ordered(skuStock.locations().stream()
                    .filter(l -> routedTo == null || l.location().equals(routedTo)).toList(), priority);
            long total = ordered.stream().mapToLong(l -> Math.max(0, l.available())).sum();
            if (total < quantity) {
                shortages.add(new Shortage(sku, quantity, total));
                continue;
            }
            StockLevel whole = ordered.stream().filter(l -> l.available() >= quantity).findFirst().orElse(null);
            if (whole != null) {
                allocations.add(new Allocation(sku, whole.location(), quantity));
                continue;
            }
            int remaining = quantity;
            for (StockLevel level : ordered) {
                int take = (int) Math.min(remaining, Math.max(0, level.available()));
                if (take > 0) {
                    allocations.add(new Allocation(sku, level.location(), take));
                    remaining -= take;
                }
                if (remaining == 0) {
                    break;
                }
            }
        }
        if (!shortages.isEmpty()) {
            return new Plan(List.of(), List.copyOf(shortages));
        }
        allocations.sort(Comparator.comparing(Allocation::sku).thenComparing(Allocation::location));
        return new Plan(List.copyOf(allocations), List.of());
    }

    private static List<StockLevel> ordered(List<StockLevel> levels, List<String> priority) {
        List<StockLevel> ordered = new ArrayList<>(levels);
        ordered.sort(Comparator.<StockLevel>comparingInt(l -> rank(priority, l.location()))
                .thenComparing(StockLevel::location));
        return ordered;
    }

    private static int rank(List<String> priority, String location) {
        int index = priority.indexOf(location);
        return index < 0 ? Integer.MAX_VALUE : index;
    }
}
