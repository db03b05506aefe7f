package com.creatorflow.shared.inventory;

import java.util.List;

/**
 * A creator's inventory settings.
 *
 * @param locationPriority locations in the order stock is taken from (others after them, by name)
 * @param onShortage what happens to an order that cannot be fully reserved
 * @param restockOnReturn whether returned units go back on hand when the return step does not say
 */
public record InventorySettings(List<String> locationPriority, ShortagePolicy onShortage, boolean restockOnReturn) {
    public InventorySettings {
        locationPriority = locationPriority == null ? List.of() : List.copyOf(locationPriority);
        onShortage = onShortage == null ? ShortagePolicy.WAIT : onShortage;
    }

    /** The settings of a creator who has set none: no priority, orders wait, returns are not restocked. */
    public static InventorySettings defaults() {
        return new InventorySettings(List.of(), ShortagePolicy.WAIT, false);
    }
}
