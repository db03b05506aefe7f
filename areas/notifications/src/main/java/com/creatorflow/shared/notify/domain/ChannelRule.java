package com.creatorflow.shared.notify.domain;

import java.util.Set;

/**
 * Which notifications one channel carries, and where to.
 *
 * @param address the chat webhook URL or email address; unused for Web Push
 * @param kinds the kinds carried (empty: all)
 * @param minimumSeverity the least severity carried (INFO, WARNING, URGENT)
 */
public record ChannelRule(String address, Set<String> kinds, String minimumSeverity) {
    /** True when this channel carries a message of this kind and severity. */
    public boolean wants(String kind, String severity) {
        return (kinds == null || kinds.isEmpty() || kinds.contains(kind))
                && NotificationKinds.rank(severity) >= NotificationKinds.rank(minimumSeverity);
    }

    /** The rule checked: known kinds and severity, named under {@code field}. */
    public ChannelRule checked(String field, String checkedAddress) {
        return new ChannelRule(checkedAddress, NotificationKinds.kinds(field + ".kinds", kinds),
                NotificationKinds.severity(field + ".minimumSeverity", minimumSeverity));
    }
}
