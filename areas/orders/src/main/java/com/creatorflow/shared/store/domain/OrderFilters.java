package com.creatorflow.shared.store.domain;

import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.TikTokOrderStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The orders list's filters (state, needsAttention, sku, tag, carrier, tiktokStatus, created/paid/updated ranges,
 * tracking, buyer, sort) read into an {@link OrderQuery}: one parser for the list's query string and a bulk job's
 * {@code filter} object, naming the field at fault ({@code prefix + name}) in a 400.
 */
public final class OrderFilters {
    /** Every filter's name. */
    public static final List<String> NAMES = List.of("state", "needsAttention", "sku", "tag", "carrier",
            "tiktokStatus", "createdFrom", "createdTo", "paidFrom", "paidTo", "updatedFrom", "updatedTo", "tracking",
            "buyer", "sort");

    private OrderFilters() {
    }

    /** The query the named values ask for; {@code prefix} goes before each field name in errors. */
    public static OrderQuery parse(Function<String, Optional<String>> value, String prefix) {
        return OrderQuery.builder()
                .state(value.apply("state").map(v -> parse(OrderState.class, prefix + "state", v)).orElse(null))
                .needsAttention(value.apply("needsAttention").map(v -> parseBoolean(prefix + "needsAttention", v))
                        .orElse(null))
                .sku(value.apply("sku").orElse(null)).tag(value.apply("tag").orElse(null))
                .carrier(value.apply("carrier").orElse(null))
                .tiktokStatus(value.apply("tiktokStatus")
                        .map(v -> parse(TikTokOrderStatus.class, prefix + "tiktokStatus", v)).orElse(null))
                .created(time(value, prefix, "createdFrom"), time(value, prefix, "createdTo"))
                .paid(time(value, prefix, "paidFrom"), time(value, prefix, "paidTo"))
                .updated(time(value, prefix, "updatedFrom"), time(value, prefix, "updatedTo"))
                .trackingNumber(value.apply("tracking").map(v -> bounded(prefix + "tracking", v, 64)).orElse(null))
                .buyer(value.apply("buyer").map(v -> bounded(prefix + "buyer", v, 200)).orElse(null))
                .sort(value.apply("sort").map(v -> parse(OrderQuery.Sort.class, prefix + "sort",
                        v.toUpperCase(Locale.ROOT))).orElse(null))
                .build();
    }

    private static Instant time(Function<String, Optional<String>> value, String prefix, String field) {
        return value.apply(field).map(v -> parseTime(prefix + field, v)).orElse(null);
    }

    private static String bounded(String field, String value, int max) {
        if (value.length() > max) {
            throw new ValidationFailed(field, field + " must be at most " + max + " characters");
        }
        return value;
    }

    private static boolean parseBoolean(String field, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ValidationFailed(field, field + " must be true or false");
        };
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new ValidationFailed(field, field + " must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static Instant parseTime(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new ValidationFailed(field, field + " must be an ISO-8601 time like 2026-11-25T00:00:00Z");
        }
    }
}
