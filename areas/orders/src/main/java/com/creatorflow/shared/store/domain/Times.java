package com.creatorflow.shared.store.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Fixed-width UTC timestamps that sort as text, for sort keys. */
public final class Times {
    private static final DateTimeFormatter SORTABLE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** "2026-11-25T22:40:52.800Z": always three fraction digits, so text order is time order. */
    public static String sortable(Instant instant) {
        return SORTABLE.format(instant);
    }
}
