package com.creatorflow.notifications;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiHandler;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.notify.NotificationService;
import com.creatorflow.shared.notify.Notifications;
import com.creatorflow.shared.notify.domain.MemberPreferences;
import com.creatorflow.shared.notify.domain.NotificationPreferences;
import com.creatorflow.shared.notify.domain.PushSubscription;
import java.util.Map;

/**
 * The creators' inbox, each notification's delivery log and the resend action, the creator's and each member's
 * notification preferences, and members' Web Push subscriptions with our VAPID public key.
 */
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
            case "GET /v1/notification-preferences/me" -> ApiResponses.json(200,
                    notifications.memberPreferences(tenant, request.memberId()));
            case "PUT /v1/notification-preferences/me" -> ApiResponses.json(200,
                    notifications.saveMemberPreferences(tenant, request.memberId(),
                            request.body(MemberPreferences.class)));
            case "GET /v1/notifications/push/public-key" -> notifications.pushPublicKey()
                    .map(key -> ApiResponses.json(200, Map.of("publicKey", key)))
                    .orElseThrow(PushNotConfigured::new);
            case "POST /v1/notifications/push/subscriptions" -> ApiResponses.json(201, Map.of("subscriptionId",
                    notifications.subscribe(tenant, request.memberId(), request.body(PushSubscription.class))));
            case "DELETE /v1/notifications/push/subscriptions/{subscriptionId}" -> {
                notifications.unsubscribe(tenant, request.memberId(), request.path("subscriptionId"));
                yield ApiResponses.empty(204);
            }
            case "POST /v1/notifications/messages/{messageId}/resend" -> ApiResponses.json(200,
                    notifications.resend(tenant, request.path("messageId")));
            default -> noRoute(request);
        };
    }

    /** Web Push has no VAPID keys in this deployment. */
    static final class PushNotConfigured extends com.creatorflow.shared.error.CreatorFlowException {
        private static final long serialVersionUID = 1L;

        PushNotConfigured() {
            super("Web Push is not configured in this deployment");
        }

        @Override
        public int httpStatus() {
            return 404;
        }
    }
}
