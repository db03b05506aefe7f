package com.creatorflow.notifications;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.http.Problem;
import com.creatorflow.shared.json.Json;
import com.creatorflow.shared.notify.NotificationPreferences;
import com.creatorflow.shared.notify.NotificationService;

/** The creators' inbox and notification preferences. */
public final class NotificationApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final NotificationService notifications;
    private final ApiGuard guard;

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
        this.notifications = notifications;
        this.guard = guard;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return guard.serve(event, context, this::route);
    }

    private APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
        return switch (request.routeKey()) {
            case "GET /v1/notifications" -> ApiResponses.json(200, notifications.inbox(tenant,
                    request.queryInt("limit", 50, 1, 100), request.query("cursor").orElse(null)));
            case "GET /v1/notification-preferences" -> ApiResponses.json(200,
                    notifications.preferences(tenant).redacted());
            case "PUT /v1/notification-preferences" -> {
                NotificationPreferences wanted;
                try {
                    wanted = Json.convert(request.jsonBody(), NotificationPreferences.class);
                } catch (IllegalArgumentException e) {
                    throw new ValidationFailed("body", "the body is not a preferences document");
                }
                yield ApiResponses.json(200, notifications.savePreferences(tenant, wanted));
            }
            default -> ApiResponses.problem(Problem.of(404, "RouteNotFound", "no route " + request.routeKey()));
        };
    }
}
