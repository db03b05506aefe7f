package com.creatorflow.shared.review.domain;

/** What a person decides about an order that needs attention. */
public enum Decision {
    /** Go on: the hold is lifted, the workflow continues with the next step. */
    APPROVE,
    /** Run the failed step again as it is (the cause was fixed elsewhere, e.g. stock added). */
    RETRY,
    /** Apply the given edits to the order, then run the failed step again. */
    EDIT_AND_RETRY,
    /** Cancel the order (reservations released, label voided, TikTok told). */
    CANCEL
}
