package com.creatorflow.shared.rules;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * One immutable version of a creator's rules. Saving rules creates the next version and makes it the active one;
 * versions are never changed afterwards, so a decision recorded with its version can always be explained.
 *
 * @param tenantId the creator
 * @param version 1, 2, 3, ... (0 for a draft that is not stored, as in a dry run)
 * @param timeZone the creator's time zone, in which {@code hourOfDay} and {@code dayOfWeek} are computed
 * @param rules the rules, in the order written
 * @param createdAt when the version was saved
 * @param createdBy who saved it
 */
public record RuleSet(String tenantId, long version, String timeZone, List<Rule> rules, Instant createdAt,
                      String createdBy) {
    /** The time zone used when a rule set names none. */
    public static final String DEFAULT_TIME_ZONE = "UTC";

    public RuleSet {
        rules = rules == null ? List.of() : List.copyOf(rules);
        timeZone = timeZone == null || timeZone.isBlank() ? DEFAULT_TIME_ZONE : timeZone;
    }

    /** The empty rule set a creator has before saving any rules (version 0: nothing applies). */
    public static RuleSet none(String tenantId) {
        return new RuleSet(tenantId, 0, DEFAULT_TIME_ZONE, List.of(), null, null);
    }

    /** The time zone as a {@link ZoneId}. */
    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }
}
