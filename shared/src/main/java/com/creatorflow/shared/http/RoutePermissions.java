package com.creatorflow.shared.http;

import static com.creatorflow.shared.http.Permission.MANAGE_INVENTORY;
import static com.creatorflow.shared.http.Permission.MANAGE_ORDERS;
import static com.creatorflow.shared.http.Permission.MANAGE_OWN_PREFERENCES;
import static com.creatorflow.shared.http.Permission.MANAGE_RULES;
import static com.creatorflow.shared.http.Permission.MANAGE_SETTINGS;
import static com.creatorflow.shared.http.Permission.MANAGE_TEAM;
import static com.creatorflow.shared.http.Permission.MARK_SHIPPED;
import static com.creatorflow.shared.http.Permission.PRINT_LABELS;
import static com.creatorflow.shared.http.Permission.PUBLIC;
import static com.creatorflow.shared.http.Permission.READ;
import static com.creatorflow.shared.http.Permission.REBUILD_ANALYTICS;
import static com.creatorflow.shared.http.Permission.SIGNED_IN;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one table of what every HTTP API route needs, keyed by API Gateway's route key ({@code METHOD /path} as in
 * template.yaml and the handlers' switches). A new route is one line here; a route of the template missing from it
 * is refused by the guard (403) and fails {@code RoutePermissionMatrixIT}.
 */
public final class RoutePermissions {
    private static final Map<String, Permission> ROUTES = new LinkedHashMap<>();

    static {
        route("POST /webhooks/tiktok", PUBLIC);
        route("POST /webhooks/carriers/{carrier}", PUBLIC);

        route("GET /v1/orders", READ);
        route("GET /v1/orders/{orderId}", READ);
        route("GET /v1/orders/{orderId}/audit", READ);
        route("POST /v1/orders/{orderId}/cancel", MANAGE_ORDERS);
        route("POST /v1/orders/{orderId}/shipped", MARK_SHIPPED);
        route("POST /v1/orders/{orderId}/hold", MANAGE_ORDERS);
        route("POST /v1/orders/{orderId}/release", MANAGE_ORDERS);
        route("PUT /v1/orders/{orderId}/shipping-address", MANAGE_ORDERS);
        route("POST /v1/orders/{orderId}/split", MANAGE_ORDERS);
        route("POST /v1/orders/{orderId}/notes", MANAGE_ORDERS);
        route("POST /v1/orders/{orderId}/tags", MANAGE_ORDERS);
        route("POST /v1/bulk-actions", MANAGE_ORDERS);
        route("GET /v1/bulk-actions/{jobId}", READ);
        route("POST /v1/bulk-actions/{jobId}/cancel", MANAGE_ORDERS);
        route("GET /v1/bulk-actions/{jobId}/results", READ);
        route("GET /v1/bulk-actions/{jobId}/labels", PRINT_LABELS);
        route("GET /v1/reviews", READ);
        route("POST /v1/orders/{orderId}/review-decision", MANAGE_ORDERS);

        route("GET /v1/orders/{orderId}/label", PRINT_LABELS);
        route("POST /v1/labels/batch", PRINT_LABELS);
        route("POST /v1/orders/{orderId}/label/reprint", PRINT_LABELS);

        route("GET /v1/returns", READ);
        route("GET /v1/returns/{returnId}", READ);
        route("POST /v1/returns/{returnId}/approve", MANAGE_ORDERS);
        route("POST /v1/returns/{returnId}/reject", MANAGE_ORDERS);
        route("GET /v1/cancellation-requests", READ);
        route("GET /v1/cancellation-requests/{cancelId}", READ);
        route("POST /v1/cancellation-requests/{cancelId}/approve", MANAGE_ORDERS);
        route("POST /v1/cancellation-requests/{cancelId}/reject", MANAGE_ORDERS);
        route("GET /v1/reject-reasons", READ);
        route("GET /v1/notifications", READ);
        route("GET /v1/notifications/{notificationId}/deliveries", READ);
        route("GET /v1/notification-preferences", READ);
        route("PUT /v1/notification-preferences", MANAGE_SETTINGS);
        route("GET /v1/notification-preferences/me", READ);
        route("PUT /v1/notification-preferences/me", MANAGE_OWN_PREFERENCES);
        route("GET /v1/notifications/push/public-key", READ);
        route("POST /v1/notifications/push/subscriptions", MANAGE_OWN_PREFERENCES);
        route("DELETE /v1/notifications/push/subscriptions/{subscriptionId}", MANAGE_OWN_PREFERENCES);
        route("POST /v1/notifications/messages/{messageId}/resend", MANAGE_SETTINGS);
        route("GET /v1/analytics", READ);
        route("GET /v1/analytics/reports", READ);
        route("GET /v1/analytics/today", READ);
        route("POST /v1/analytics/rebuild", REBUILD_ANALYTICS);
        route("GET /v1/ops/executions", MANAGE_ORDERS);
        route("GET /v1/ops/executions/{executionArn}", MANAGE_ORDERS);
        route("POST /v1/ops/executions/{executionArn}/redrive", MANAGE_ORDERS);
        route("POST /v1/ops/executions/{executionArn}/answer", MANAGE_ORDERS);

        route("GET /v1/rules", READ);
        route("PUT /v1/rules", MANAGE_RULES);
        route("GET /v1/rules/versions", READ);
        route("GET /v1/rules/versions/{version}", READ);
        route("POST /v1/rules/dry-run", READ);

        route("GET /v1/inventory/skus", READ);
        route("GET /v1/inventory/skus/{sku}", READ);
        route("POST /v1/inventory/skus/{sku}/adjustments", MANAGE_INVENTORY);
        route("GET /v1/inventory/skus/{sku}/movements", READ);
        route("PUT /v1/inventory/skus/{sku}/threshold", MANAGE_INVENTORY);
        route("POST /v1/inventory/import", MANAGE_INVENTORY);
        route("GET /v1/inventory/export", READ);
        route("GET /v1/inventory/bundles", READ);
        route("PUT /v1/inventory/bundles/{sku}", MANAGE_INVENTORY);
        route("DELETE /v1/inventory/bundles/{sku}", MANAGE_INVENTORY);
        route("GET /v1/inventory/backorders", READ);
        route("GET /v1/inventory/settings", READ);
        route("PUT /v1/inventory/settings", MANAGE_SETTINGS);
        route("POST /v1/inventory/returns/{orderId}/inspection", MANAGE_INVENTORY);

        route("GET /v1/shops", READ);
        route("POST /v1/shops/connect", MANAGE_SETTINGS);
        route("GET /v1/shops/callback", PUBLIC);
        route("PATCH /v1/shops/{shopId}", MANAGE_SETTINGS);
        route("DELETE /v1/shops/{shopId}", MANAGE_SETTINGS);

        route("GET /v1/shipping/settings", READ);
        route("PUT /v1/shipping/settings", MANAGE_SETTINGS);
        route("GET /v1/shipping/settings/versions", READ);
        route("GET /v1/shipping/profiles", READ);
        route("GET /v1/shipping/profiles/{sku}", READ);
        route("PUT /v1/shipping/profiles/{sku}", MANAGE_SETTINGS);
        route("DELETE /v1/shipping/profiles/{sku}", MANAGE_SETTINGS);
        route("POST /v1/shipping/profiles/import", MANAGE_SETTINGS);
        route("GET /v1/shipping/profiles/export", READ);
        route("GET /v1/shipping/carrier-accounts", READ);
        route("PUT /v1/shipping/carrier-accounts/{adapter}", MANAGE_SETTINGS);
        route("DELETE /v1/shipping/carrier-accounts/{adapter}", MANAGE_SETTINGS);
        route("POST /v1/shipping/carrier-accounts/{adapter}/check", MANAGE_SETTINGS);
        route("GET /v1/setup/readiness", READ);

        route("GET /v1/team", MANAGE_TEAM);
        route("GET /v1/team/me", READ);
        route("GET /v1/team/audit", MANAGE_TEAM);
        route("POST /v1/team/invitations", MANAGE_TEAM);
        route("DELETE /v1/team/invitations/{invitationId}", MANAGE_TEAM);
        route("POST /v1/team/invitations/accept", SIGNED_IN);
        route("PUT /v1/team/members/{memberId}", MANAGE_TEAM);
        route("DELETE /v1/team/members/{memberId}", MANAGE_TEAM);
    }

    private RoutePermissions() {
    }

    private static void route(String routeKey, Permission permission) {
        if (ROUTES.putIfAbsent(routeKey, permission) != null) {
            throw new IllegalStateException("route " + routeKey + " is declared twice");
        }
    }

    /** What a route needs; empty when the route declares nothing (the guard then refuses it). */
    public static Optional<Permission> of(String routeKey) {
        return Optional.ofNullable(ROUTES.get(routeKey));
    }

    /** Every declared route and its permission. */
    public static Map<String, Permission> all() {
        return Collections.unmodifiableMap(ROUTES);
    }
}
