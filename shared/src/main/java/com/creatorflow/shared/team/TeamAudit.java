package com.creatorflow.shared.team;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;

/**
 * The team's audit trail: one item per change (founded, invited, joined, role changed, removed, invitation
 * revoked) under the tenant's partition, written in the same transaction as the change it records.
 *
 * @param at when
 * @param action TEAM_FOUNDED, INVITED, INVITATION_REVOKED, JOINED, ROLE_CHANGED or MEMBER_REMOVED
 * @param memberId the member (or invitation) it is about
 * @param from the role before, when there was one
 * @param to the role after, when there is one
 * @param actor who did it ({@code user:<member>})
 */
public record TeamAudit(Instant at, String action, String memberId, String from, String to, String actor) {
    static final String PREFIX = "audit#";

    /** The write of one entry; the sort key orders entries by time. */
    static Put entry(String table, String tenantId, Instant at, String action, String memberId, Role from, Role to,
                     String actor) {
        Map<String, AttributeValue> item = new HashMap<>(TeamMembers.key(tenantId,
                PREFIX + at + "#" + UUID.randomUUID()));
        item.put("at", AttributeValue.fromS(at.toString()));
        item.put("action", AttributeValue.fromS(action));
        item.put("memberId", AttributeValue.fromS(memberId));
        item.put("actor", AttributeValue.fromS(actor));
        if (from != null) {
            item.put("from", AttributeValue.fromS(from.claim()));
        }
        if (to != null) {
            item.put("to", AttributeValue.fromS(to.claim()));
        }
        return Put.builder().tableName(table).item(item).build();
    }

    static TeamAudit of(Map<String, AttributeValue> item) {
        return new TeamAudit(Instant.parse(item.get("at").s()), item.get("action").s(), item.get("memberId").s(),
                text(item, "from"), text(item, "to"), item.get("actor").s());
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
