package com.creatorflow.shared.notify.domain;

import com.creatorflow.shared.error.ValidationFailed;
import java.util.Set;

/**
 * The kinds of notification a creator or member can choose, their default severities, and which kinds are urgent
 * (delivered even in a member's quiet hours).
 */
public final class NotificationKinds {
    public static final String NEEDS_ATTENTION = "NEEDS_ATTENTION";
    public static final String SLA_AT_RISK = "SLA_AT_RISK";
    public static final String INVENTORY_LOW = "INVENTORY_LOW";
    public static final String CARRIER_EXCEPTION = "CARRIER_EXCEPTION";
    public static final String TIKTOK_SYNC_FAILED = "TIKTOK_SYNC_FAILED";
    public static final String SHOP_RECONNECT = "SHOP_RECONNECT";
    public static final String BULK_JOB_FINISHED = "BULK_JOB_FINISHED";
    public static final String DAILY_DIGEST = "DAILY_DIGEST";

    /** Every kind a preference may name (the workflow's own kinds included). */
    public static final Set<String> ALL = Set.of(NEEDS_ATTENTION, SLA_AT_RISK, INVENTORY_LOW, CARRIER_EXCEPTION,
            TIKTOK_SYNC_FAILED, SHOP_RECONNECT, BULK_JOB_FINISHED, DAILY_DIGEST, "SHIPPED", "CANCELLED",
            "REVIEW_REMINDER", "REVIEW_ESCALATED", "RULE", "ORDER_UPDATE");
    /** Kinds that bypass quiet hours whatever their severity. */
    public static final Set<String> URGENT = Set.of(SLA_AT_RISK, SHOP_RECONNECT, "REVIEW_ESCALATED");
    /** The severities, least first. */
    public static final java.util.List<String> SEVERITIES = java.util.List.of("INFO", "WARNING", "URGENT");

    private NotificationKinds() {
    }

    /** True when a message of this kind and severity may interrupt quiet hours. */
    public static boolean urgent(String kind, String severity) {
        return URGENT.contains(kind) || "URGENT".equals(severity);
    }

    /** A severity's rank (INFO 0, WARNING 1, URGENT 2). */
    public static int rank(String severity) {
        int rank = SEVERITIES.indexOf(severity == null ? "INFO" : severity);
        return Math.max(rank, 0);
    }

    /** Checks a severity named in a preference; null means INFO. */
    public static String severity(String field, String value) {
        String severity = value == null ? "INFO" : value;
        if (!SEVERITIES.contains(severity)) {
            throw new ValidationFailed(field, field + " must be one of " + SEVERITIES);
        }
        return severity;
    }

    /** Checks the kinds named in a preference; null means all. */
    public static Set<String> kinds(String field, Set<String> kinds) {
        if (kinds == null) {
            return Set.of();
        }
        for (String kind : kinds) {
            if (!ALL.contains(kind)) {
                throw new ValidationFailed(field, field + " names an unknown kind " + kind + "; one of " + ALL);
            }
        }
        return Set.copyOf(kinds);
    }
}
