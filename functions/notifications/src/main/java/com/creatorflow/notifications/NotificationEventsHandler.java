package com.creatorflow.notifications;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.creatorflow.shared.bulk.domain.BulkJobFinished;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.notify.NotificationService;
import com.creatorflow.shared.notify.Notifications;
import com.creatorflow.shared.notify.domain.NotificationKinds;
import com.creatorflow.shared.notify.domain.SlaWatch;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.tiktok.ShopReconnectRequired;
import com.creatorflow.shared.tiktok.domain.TikTokSyncFailed;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns domain events from EventBridge into notifications: low stock, orders that need attention, orders whose
 * ship-by time is near ({@link SlaWatch}), ended bulk jobs ({@link BulkJobFinished}), shops to connect again
 * ({@link ShopReconnectRequired}), TikTok updates given up ({@link TikTokSyncFailed}), and carrier exceptions (a
 * labelled or shipped order that tracking moved to needs-attention). The domain event's id is the dedupe key, so
 * at-least-once delivery (and a republished event) notifies once. The every-minute scheduled event runs
 * {@link NotificationService#tick}: closed batches, ends of quiet hours and digests go out.
 */
public final class NotificationEventsHandler implements RequestStreamHandler {
    /** States from which a move to needs-attention comes from the carrier's tracking. */
    private static final Set<String> CARRIER_STATES = Set.of("LABELED", "PARTIALLY_SHIPPED", "SHIPPED", "IN_TRANSIT");

    private final NotificationService notifications;

    /** Lambda's constructor: collaborators from the process environment. */
    public NotificationEventsHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public NotificationEventsHandler(Env env) {
        this(Notifications.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public NotificationEventsHandler(NotificationService notifications) {
        this.notifications = notifications;
    }

    /** The domain event's own id ({@code detail.eventId}) survives republishing; EventBridge's id does not. */
    private static String dedupeKey(JsonNode event) {
        String eventId = event.path("detail").path("eventId").asText("");
        return eventId.isEmpty() ? event.path("id").asText() : eventId;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        Telemetry.invoke(context, () -> {
            JsonNode event = Json.tree(input);
            if ("Scheduled Event".equals(event.path("detail-type").asText())) {
                Telemetry.count("NotificationTicks");
                notifications.tick();
                return null;
            }
            JsonNode detail = event.path("detail");
            String tenant = detail.path("tenantId").asText(null);
            if (tenant == null) {
                Telemetry.count("NotificationEventWithoutTenant");
                return null;
            }
            String type = event.path("detail-type").asText();
            Map<String, String> data = new LinkedHashMap<>();
            detail.fields().forEachRemaining(field -> {
                if (field.getValue().isValueNode()) {
                    data.put(field.getKey(), field.getValue().asText());
                }
            });
            NotificationService.Request request = switch (type) {
                case "InventoryLow" -> new NotificationService.Request(tenant, null, "INVENTORY_LOW", "WARNING",
                        "Stock of " + detail.path("sku").asText("a SKU") + " is low: "
                                + detail.path("available").asText("?") + " available.", data, dedupeKey(event));
                case SlaWatch.DETAIL_TYPE -> new NotificationService.Request(tenant,
                        detail.path("orderId").asText(null), NotificationKinds.SLA_AT_RISK, "URGENT", "Order "
                        + detail.path("orderId").asText() + " must ship by " + detail.path("shipBy").asText()
                        + "; it is still " + detail.path("state").asText("not shipped") + ".", data, dedupeKey(event));
                case "OrderStatusChanged" -> CARRIER_STATES.contains(detail.path("from").asText())
                        ? new NotificationService.Request(tenant, detail.path("orderId").asText(null),
                                NotificationKinds.CARRIER_EXCEPTION, "WARNING", "Order " + detail.path("orderId").asText()
                                + " has a carrier exception: " + detail.path("reason").asText("see the tracking"), data,
                                dedupeKey(event))
                        : new NotificationService.Request(tenant, detail.path("orderId").asText(null),
                                NotificationKinds.NEEDS_ATTENTION, "WARNING", "Order " + detail.path("orderId").asText()
                                + " needs attention: " + detail.path("reason").asText("see the order"), data,
                                dedupeKey(event));
                case BulkJobFinished.DETAIL_TYPE -> new NotificationService.Request(tenant, null,
                        NotificationKinds.BULK_JOB_FINISHED, "FAILED".equals(detail.path("status").asText())
                        ? "WARNING" : "INFO", "Bulk job " + detail.path("jobId").asText() + " ("
                        + detail.path("action").asText() + ") ended " + detail.path("status").asText() + ": "
                        + detail.path("succeeded").asText("0") + " done, " + detail.path("failed").asText("0")
                        + " failed.", data, dedupeKey(event));
                case ShopReconnectRequired.DETAIL_TYPE -> new NotificationService.Request(tenant, null,
                        NotificationKinds.SHOP_RECONNECT, "URGENT", "TikTok shop " + detail.path("shopId").asText()
                        + " must be connected again: " + detail.path("reason").asText("see Shops") + ".", data,
                        dedupeKey(event));
                case TikTokSyncFailed.DETAIL_TYPE -> new NotificationService.Request(tenant,
                        detail.path("orderId").asText(null), NotificationKinds.TIKTOK_SYNC_FAILED, "WARNING",
                        "A TikTok update" + (detail.hasNonNull("orderId") ? " of order "
                        + detail.path("orderId").asText() : "") + " from shop " + detail.path("shopId").asText()
                        + " failed " + detail.path("attempts").asText() + " times and was set aside.", data,
                        dedupeKey(event));
                default -> null;
            };
            if (request != null) {
                notifications.notify(request);
            }
            return null;
        });
    }
}
