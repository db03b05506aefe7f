package com.creatorflow.shared.notify.domain;

import com.creatorflow.shared.error.ValidationFailed;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What one team member wants to be told, and when.
 *
 * @param email email delivery: the address and what it carries (null: no email)
 * @param push Web Push delivery to the member's subscribed browsers: what it carries (null: no push)
 * @param timeZone the member's IANA time zone (quiet hours and digest time are in it; default UTC)
 * @param quietHours when non-urgent messages wait (null: never)
 * @param digestTime local time of the daily digest, {@code HH:mm} (null: no digest)
 */
public record MemberPreferences(ChannelRule email, ChannelRule push, String timeZone, QuietHours quietHours,
                                String digestTime) {
    /**
     * A daily quiet period in the member's time zone; it may cross midnight (22:00 to 07:00).
     *
     * @param start {@code HH:mm}
     * @param end {@code HH:mm}
     */
    public record QuietHours(String start, String end) {
    }

    /** No channels. */
    public static MemberPreferences none() {
        return new MemberPreferences(null, null, "UTC", null, null);
    }

    /** The same preferences without the email address (for logs and storage beside the sealed address). */
    public MemberPreferences withoutAddress() {
        return new MemberPreferences(email == null ? null : new ChannelRule(null, email.kinds(),
                email.minimumSeverity()), push, timeZone, quietHours, digestTime);
    }

    /** The same preferences with this email address. */
    public MemberPreferences withAddress(String address) {
        return new MemberPreferences(email == null ? null : new ChannelRule(address, email.kinds(),
                email.minimumSeverity()), push, timeZone, quietHours, digestTime);
    }

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    /** The member's zone. */
    public ZoneId zone() {
        return ZoneId.of(timeZone == null ? "UTC" : timeZone);
    }

    /** When a non-urgent message made at {@code now} may go: empty now, else the end of the quiet hours. */
    public Optional<Instant> quietUntil(Instant now) {
        if (quietHours == null) {
            return Optional.empty();
        }
        ZonedDateTime local = now.atZone(zone());
        LocalTime start = LocalTime.parse(quietHours.start());
        LocalTime end = LocalTime.parse(quietHours.end());
        LocalTime time = local.toLocalTime();
        boolean quiet = start.isBefore(end) ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end);
        if (!quiet) {
            return Optional.empty();
        }
        ZonedDateTime release = local.with(end);
        return Optional.of((release.isAfter(local) ? release : release.plusDays(1)).toInstant());
    }

    /** The next digest time strictly after {@code after}, or empty when the member wants no digest. */
    public Optional<Instant> nextDigest(Instant after) {
        if (digestTime == null) {
            return Optional.empty();
        }
        ZonedDateTime local = after.atZone(zone());
        ZonedDateTime next = local.with(LocalTime.parse(digestTime));
        return Optional.of((next.isAfter(local) ? next : next.plusDays(1).with(LocalTime.parse(digestTime)))
                .toInstant());
    }

    /** The preferences checked; a bad field is a {@link ValidationFailed} naming it. */
    public MemberPreferences checked() {
        String zone = timeZone == null ? "UTC" : timeZone;
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ValidationFailed("timeZone", "timeZone must be an IANA time zone such as Europe/Berlin");
        }
        if (quietHours != null) {
            time("quietHours.start", quietHours.start());
            time("quietHours.end", quietHours.end());
        }
        if (digestTime != null) {
            time("digestTime", digestTime);
        }
        ChannelRule mail = null;
        if (email != null) {
            if (email.address() == null || email.address().length() > 254 || !EMAIL.matcher(email.address()).matches()) {
                throw new ValidationFailed("email.address", "email.address must be an email address");
            }
            mail = email.checked("email", email.address());
        }
        return new MemberPreferences(mail, push == null ? null : push.checked("push", null), zone, quietHours,
                digestTime);
    }

    private static void time(String field, String value) {
        try {
            if (value == null || !value.matches("\\d{2}:\\d{2}")) {
                throw new DateTimeParseException("not HH:mm", String.valueOf(value), 0);
            }
            LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new ValidationFailed(field, field + " must be a time of day HH:mm");
        }
    }
}
