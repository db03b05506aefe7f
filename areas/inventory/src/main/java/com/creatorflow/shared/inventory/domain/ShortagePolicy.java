package com.creatorflow.shared.inventory.domain;

/** What happens to an order that cannot be fully reserved. */
public enum ShortagePolicy {
    /** The order waits on the back-order list and resumes when stock arrives, oldest first. */
    WAIT,
    /** The order goes to manual review ({@code InsufficientStock} is thrown for the workflow's catch). */
    REVIEW
}
