package com.creatorflow.shared.tiktok.domain;

/** What syncing one order did. Stored as the notification's result and counted as a metric. */
public enum SyncOutcome {
    /** The order was new to us and is stored. */
    CREATED,
    /** The order moved in our lifecycle. */
    TRANSITIONED,
    /** Its data changed (address, packages, TikTok status) without a move. */
    UPDATED,
    /** Nothing to change: we already knew this. */
    UNCHANGED,
    /** TikTok's data was older than what we had applied (out-of-order delivery): ignored. */
    STALE_IGNORED
}
