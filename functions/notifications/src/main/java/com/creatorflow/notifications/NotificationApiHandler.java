package com.creatorflow.notifications;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiHandler;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.notify.NotificationPreferences;
import com.creatorflow.shared.notify.NotificationService;
import java.util.Map;

/** The creators' inbox, each notification's delivery log, and notification preferences. */
public final class NotificationApiHandler extends ApiHandler {
    private final NotificationService notifications;

    /** Lambda's constructor: collaborators from the process environment. */
    public NotificationApiHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public NotificationApiHandler(Env env) {
        this(Notifications.fromEnv(env), ApiGuard.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public NotificationApiHandler(NotificationService notifications, ApiGuard guard) {
        super(guard);
        this.notifications = notifications;
    }

    @Override
    protected APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
        return switch (request.routeKey()) {
            case "GET /v1/notifications" -> ApiResponses.json(200, notifications.inbox(tenant,
                    request.queryInt("limit", 50, 1, 100), request.query("cursor").orElse(null)));
            case "GET /v1/notifications/{notificationId}/deliveries" -> ApiResponses.json(200,
                    Map.of("items", notifications.deliveries(tenant, request.path("notificationId"))));
            case "GET /v1/notification-preferences" -> ApiResponses.json(200,
                    notifications.preferences(tenant).redacted());
            case "PUT /v1/notification-preferences" -> ApiResponses.json(200,
                    notifications.savePreferences(tenant, request.body(NotificationPreferences.class)));
            default -> noRoute(request);
        };
    }
}
