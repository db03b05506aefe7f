package com.creatorflow.shared.inventory.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A creator's inventory settings.
 *
 * @param locationPriority locations in the order stock is taken from (others after them, by name)
 * @param onShortage what happens to an order that cannot be fully reserved
 * @param onReturn what happens to returned units when the return step does not say (default DONT_RESTOCK)
 */
public record InventorySettings(List<String> locationPriority, ShortagePolicy onShortage, ReturnRestock onReturn) {
    public InventorySettings {
        locationPriority = locationPriority == null ? List.of() : List.copyOf(locationPriority);
        onShortage = onShortage == null ? ShortagePolicy.WAIT : onShortage;
        onReturn = onReturn == null ? ReturnRestock.DONT_RESTOCK : onReturn;
    }

    /** The settings of a creator who has set none: no priority, orders wait, returns are not restocked. */
    public static InventorySettings defaults() {
        return new InventorySettings(List.of(), ShortagePolicy.WAIT, ReturnRestock.DONT_RESTOCK);
    }

    /** True when returned units go straight back on hand (the older yes/no form of {@link #onReturn}). */
    @JsonProperty(value = "restockOnReturn", access = JsonProperty.Access.READ_ONLY)
    public boolean restockOnReturn() {
        return onReturn == ReturnRestock.RESTOCK;
    }
}
