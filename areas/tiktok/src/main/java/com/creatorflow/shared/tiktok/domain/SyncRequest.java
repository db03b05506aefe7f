package com.creatorflow.shared.tiktok.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The order-sync queue's message: what to bring in line with TikTok, from a webhook or from reconciliation.
 *
 * @param notificationKey the idempotency record of the notification (null for reconciliation)
 * @param notificationId TikTok's {@code tts_notification_id} (null for reconciliation)
 * @param type TikTok's webhook type
 * @param shopId the shop
 * @param tenantId the shop's tenant
 * @param orderIds the orders concerned (empty for shop events)
 * @param data the webhook's {@code data}
 * @param source {@code webhook} or {@code reconciliation}
 */
public record SyncRequest(String notificationKey, String notificationId, int type, String shopId, String tenantId,
                          List<String> orderIds, JsonNode data, String source) {
    public SyncRequest {
        orderIds = orderIds == null ? List.of() : List.copyOf(orderIds);
    }
}
