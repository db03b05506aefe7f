package com.creatorflow.shared.live;

import com.creatorflow.shared.json.Json;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One change of an order as the live dashboard feed shows it (server-sent event locally, WebSocket message in AWS).
 * It is made from the order's audit entry, so a replayed event is the same as the one sent live.
 *
 * @param eventId the entry's {@code feedKey}: increasing with time within the tenant, unique
 * @param orderId the order
 * @param state the state after the change
 * @param previousState the state before (null when the order was created)
 * @param version the order version the change produced
 * @param at when it happened (ISO-8601 UTC)
 * @param shopId the order's TikTok shop (null for entries written before the feed existed)
 */
public record LiveEvent(String eventId, String orderId, String state, String previousState, long version, String at,
                        String shopId) {

    /** The event of an AuditLog item that carries the feed's keys, or null for an older item without them. */
    static LiveEvent fromAuditItem(Map<String, AttributeValue> item) {
        String feedKey = text(item, "feedKey");
        if (feedKey == null) {
            return null;
        }
        String orderKey = text(item, "orderKey");
        return new LiveEvent(feedKey, orderKey.substring(orderKey.lastIndexOf('#') + 1), text(item, "to"),
                text(item, "from"), Long.parseLong(item.get("seq").n()), text(item, "at"), text(item, "shopId"));
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    /** The JSON the client receives. */
    public String toJson() {
        return Json.write(this);
    }
}
