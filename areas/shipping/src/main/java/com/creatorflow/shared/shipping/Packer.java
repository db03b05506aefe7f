package com.creatorflow.shared.shipping;

import com.creatorflow.shared.error.RuleActionRefused;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.order.LineItem;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.shipping.domain.Carrier;
import com.creatorflow.shared.shipping.domain.PackagingPreset;
import com.creatorflow.shared.shipping.domain.Parcel;
import com.creatorflow.shared.shipping.domain.SkuProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits the units of a shipment into parcels a carrier accepts. The heuristic, on purpose simple and predictable:
 *
 * <ol>
 *   <li>every unit lies on its smallest side; a box's footprint is the largest unit's length and width and its height
 *   is the units' heights stacked, plus {@link #PADDING_MM} on each measure and {@link #PACKAGING_GRAMS} of box;
 *   when the creator has packaging presets, the smallest preset the contents fit (measures and weight) is the box
 *   instead, with its own measures and weight;</li>
 *   <li>units go heaviest first into the first open box that stays within the limits (weight, longest side, length
 *   plus girth), else into a new box (first-fit decreasing);</li>
 *   <li>units of SKUs marked {@code shipsAlone} always get their own box;</li>
 *   <li>a unit that does not fit an empty box cannot go with this carrier ({@link ValidationFailed}).</li>
 * </ol>
 * The limits are the carrier's published maximums, lowered to the creator's heaviest box when they set one. A
 * creator's split rule ({@link Split}) narrows what may share a box: only units of one SKU, or at most so many units.
 */
public final class Packer {
    /** Weight of an empty box. */
    public static final int PACKAGING_GRAMS = 100;
    /** Padding added to each dimension. */
    public static final int PADDING_MM = 20;

    private Packer() {
    }

    /**
     * What may share a box, as a creator's {@code splitShipment} rule says.
     *
     * @param bySku true: a box holds units of one SKU only
     * @param maxUnits the most units in one box (0: no limit)
     */
    public record Split(boolean bySku, int maxUnits) {
        /** No split: anything that fits shares a box. */
        public static final Split NONE = new Split(false, 0);

        /** The split a rule's strategy names ({@code BY_SKU} or {@code MAX_UNITS}); null gives {@link #NONE}. */
        public static Split of(String strategy, Integer maxUnitsPerPackage) {
            if (strategy == null) {
                return NONE;
            }
            return switch (strategy) {
                case "BY_SKU" -> new Split(true, maxUnitsPerPackage == null ? 0 : maxUnitsPerPackage);
                case "MAX_UNITS" -> new Split(false, maxUnitsPerPackage == null ? 0 : maxUnitsPerPackage);
                default -> throw new RuleActionRefused("split", "split strategy " + strategy
                        + " is not one CreatorFlow carries out (BY_SKU, MAX_UNITS)");
            };
        }

        boolean admits(List<Unit> boxed, Unit unit) {
            return (maxUnits <= 0 || boxed.size() < maxUnits)
                    && (!bySku || boxed.isEmpty() || boxed.get(0).profile().sku().equals(unit.profile().sku()));
        }
    }

    /**
     * One unit to ship.
     *
     * @param lineId TikTok's line item id of the unit
     * @param profile how the SKU ships
     */
    public record Unit(String lineId, SkuProfile profile) {
    }

    /**
     * What one parcel may be.
     *
     * @param maxWeightGrams heaviest parcel
     * @param maxLengthMm longest side
     * @param maxLengthPlusGirthMm largest length plus girth
     */
    public record Limits(int maxWeightGrams, int maxLengthMm, int maxLengthPlusGirthMm) {
        /** A carrier's limits, with the creator's heaviest box when lower. */
        public static Limits of(Carrier carrier, ShippingRules rules) {
            int weight = rules.maxParcelWeightGrams() > 0
                    ? Math.min(rules.maxParcelWeightGrams(), carrier.maxWeightGrams()) : carrier.maxWeightGrams();
            return new Limits(weight, carrier.maxLengthMm(), carrier.maxLengthPlusGirthMm());
        }
    }

    /**
     * The units of an order to ship: one per TikTok line id, limited to {@code lineIds} for a partial shipment
     * (null or empty: every unit). Every SKU needs a profile, or the rules' default profile.
     */
    public static List<Unit> units(Order order, Collection<String> lineIds, Map<String, SkuProfile> profiles,
                                   ShippingRules rules) {
        Set<String> wanted = lineIds == null || lineIds.isEmpty() ? null : new HashSet<>(lineIds);
        List<Unit> units = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (LineItem line : order.lines()) {
            SkuProfile profile = profiles.get(line.sku());
            if (profile == null && rules.defaultProfile() != null) {
                profile = rules.defaultProfile().forSku(line.sku());
            }
            for (int i = 0; i < line.quantity(); i++) {
                String lineId = unitLineId(line, i);
                seen.add(lineId);
                if (wanted != null && !wanted.contains(lineId)) {
                    continue;
                }
                if (profile == null) {
                    throw new ValidationFailed("sku", "SKU " + line.sku() + " has no shipping profile "
                            + "(weight and dimensions); add one or set a default profile in the shipping rules");
                }
                units.add(new Unit(lineId, profile));
            }
        }
        if (wanted != null && !seen.containsAll(wanted)) {
            Set<String> unknown = new HashSet<>(wanted);
            unknown.removeAll(seen);
            throw new ValidationFailed("lineIds", "order " + order.orderId() + " has no line items " + unknown);
        }
        if (units.isEmpty()) {
            throw new ValidationFailed("lineIds", "nothing to ship in order " + order.orderId());
        }
        return units;
    }

    /** The line id of a line's {@code index}-th unit: TikTok's, or {@code sku#n} when TikTok sent fewer ids. */
    public static String unitLineId(LineItem line, int index) {
        return index < line.tiktokLineIds().size() ? line.tiktokLineIds().get(index) : line.sku() + "#" + (index + 1);
    }

    /** Every unit's line id of an order, in line order. */
    public static List<String> unitLineIds(Order order) {
        List<String> ids = new ArrayList<>();
        for (LineItem line : order.lines()) {
            for (int i = 0; i < line.quantity(); i++) {
                ids.add(unitLineId(line, i));
            }
        }
        return ids;
    }

    /** Packs units into parcels made to measure within the limits (see the class comment). */
    public static List<Parcel> pack(List<Unit> units, Limits limits) {
        return pack(units, limits, List.of());
    }

    /**
     * Packs units into parcels within the limits; each parcel is the smallest of the creator's packaging presets
     * its contents fit, else a box made to measure.
     */
    public static List<Parcel> pack(List<Unit> units, Limits limits, List<PackagingPreset> presets) {
        return pack(units, limits, presets, Split.NONE);
    }

    /** {@link #pack(List, Limits, List)} where a box takes a unit only when the split allows it. */
    public static List<Parcel> pack(List<Unit> units, Limits limits, List<PackagingPreset> presets, Split split) {
        List<PackagingPreset> bySize = new ArrayList<>(presets);
        bySize.sort(Comparator.comparingLong(PackagingPreset::volume).thenComparingInt(PackagingPreset::weightGrams));
        List<Unit> sorted = new ArrayList<>(units);
        sorted.sort(Comparator.comparingInt((Unit u) -> u.profile().weightGrams()).reversed()
                .thenComparing(u -> u.profile().sku()).thenComparing(Unit::lineId));
        List<Box> boxes = new ArrayList<>();
        for (Unit unit : sorted) {
            Box alone = new Box(bySize).with(unit);
            if (!alone.fits(limits)) {
                int[] d = alone.dimensions();
                throw new ValidationFailed("sku", "SKU " + unit.profile().sku() + " packed (" + alone.weight()
                        + " g, " + d[0] + "x" + d[1] + "x" + d[2] + " mm) exceeds the carrier's limits ("
                        + limits.maxWeightGrams() + " g, " + limits.maxLengthMm() + " mm)");
            }
            if (unit.profile().shipsAlone()) {
                boxes.add(alone.sealed());
                continue;
            }
            boolean placed = false;
            for (int i = 0; i < boxes.size() && !placed; i++) {
                Box open = boxes.get(i);
                if (open.sealed || !split.admits(open.units, unit)) {
                    continue;
                }
                Box candidate = open.with(unit);
                if (candidate.fits(limits)) {
                    boxes.set(i, candidate);
                    placed = true;
                }
            }
            if (!placed) {
                boxes.add(alone);
            }
        }
        return boxes.stream().map(Box::toParcel).toList();
    }

    /** A box being filled; immutable so that a tentative placement is free to discard. */
    private static final class Box {
        private final List<Unit> units;
        private final boolean sealed;
        private final List<PackagingPreset> presets;

        Box(List<PackagingPreset> presets) {
            this(List.of(), false, presets);
        }

        private Box(List<Unit> units, boolean sealed, List<PackagingPreset> presets) {
            this.units = units;
            this.sealed = sealed;
            this.presets = presets;
        }

        Box with(Unit unit) {
            List<Unit> more = new ArrayList<>(units);
            more.add(unit);
            return new Box(List.copyOf(more), false, presets);
        }

        Box sealed() {
            return new Box(units, true, presets);
        }

        private int contentGrams() {
            return units.stream().mapToInt(u -> u.profile().weightGrams()).sum();
        }

        /** The contents stacked on their smallest sides, longest measure first. */
        private int[] contents() {
            int length = 0;
            int width = 0;
            int height = 0;
            for (Unit unit : units) {
                int[] d = sorted(unit.profile().lengthMm(), unit.profile().widthMm(), unit.profile().heightMm());
                length = Math.max(length, d[0]);
                width = Math.max(width, d[1]);
                height += d[2];
            }
            return sorted(length, width, height);
        }

        /** The smallest preset the contents fit, if any. */
        private PackagingPreset preset() {
            int[] c = contents();
            int grams = contentGrams();
            for (PackagingPreset preset : presets) {
                int[] inside = sorted(preset.lengthMm(), preset.widthMm(), preset.heightMm());
                if (inside[0] >= c[0] && inside[1] >= c[1] && inside[2] >= c[2]
                        && (preset.maxContentGrams() == 0 || grams <= preset.maxContentGrams())) {
                    return preset;
                }
            }
            return null;
        }

        int weight() {
            PackagingPreset preset = preset();
            return contentGrams() + (preset == null ? PACKAGING_GRAMS : preset.weightGrams());
        }

        /** Outer dimensions, longest first: the preset's, or the contents plus padding. */
        int[] dimensions() {
            PackagingPreset preset = preset();
            if (preset != null) {
                return sorted(preset.lengthMm(), preset.widthMm(), preset.heightMm());
            }
            int[] c = contents();
            return sorted(c[0] + PADDING_MM, c[1] + PADDING_MM, c[2] + PADDING_MM);
        }

        boolean fits(Limits limits) {
            int[] d = dimensions();
            return weight() <= limits.maxWeightGrams() && d[0] <= limits.maxLengthMm()
                    && d[0] + 2 * d[1] + 2 * d[2] <= limits.maxLengthPlusGirthMm();
        }

        Parcel toParcel() {
            int[] d = dimensions();
            return new Parcel(weight(), d[0], d[1], d[2], units.stream().map(Unit::lineId).toList());
        }

        private static int[] sorted(int a, int b, int c) {
            int[] d = {a, b, c};
            Arrays.sort(d);
            return new int[] {d[2], d[1], d[0]};
        }
    }
}
