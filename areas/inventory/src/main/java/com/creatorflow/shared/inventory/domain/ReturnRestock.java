package com.creatorflow.shared.inventory.domain;

/** What happens to the units of a settled return when they come back (the creator's inventory setting). */
public enum ReturnRestock {
    /** Back on hand at once. */
    RESTOCK,
    /** Never back on hand (written off). */
    DONT_RESTOCK,
    /** Held until a person inspects them and says whether they go back on hand. */
    INSPECT
}
