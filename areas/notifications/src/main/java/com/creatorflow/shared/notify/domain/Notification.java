package com.creatorflow.shared.notify.domain;

import java.time.Instant;
import java.util.Map;

/**
 * A message to a creator about one of their orders or their stock, kept in their inbox and delivered to the
 * channels they chose.
 *
 * @param tenantId the creator
 * @param id a unique id (also the idempotency key of the delivery)
 * @param kind what happened (SHIPPED, NEEDS_ATTENTION, REVIEW_REMINDER, REVIEW_ESCALATED, INVENTORY_LOW, ...)
 * @param severity INFO, WARNING or URGENT
 * @param orderId the order concerned, if any
 * @param message what to tell the creator
 * @param data extra facts for the dashboard (sku, tracking number, ...)
 * @param createdAt when it was created
 */
public record Notification(String tenantId, String id, String kind, String severity, String orderId, String message,
                           Map<String, String> data, Instant createdAt) {
}
