package com.creatorflow.api;

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
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.store.AuditLog;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.Page;
import java.util.Arrays;
import java.util.Map;

/** The creators' orders API: list and filter orders, read one order, read its audit trail with a chain check. */
public final class CreatorApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final OrderRepository orders;
    private final ApiGuard guard;

    /** Lambda's constructor: collaborators from the process environment. */
    public CreatorApiHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public CreatorApiHandler(Env env) {
        this(OrderRepository.fromEnv(env), ApiGuard.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public CreatorApiHandler(OrderRepository orders, ApiGuard guard) {
        this.orders = orders;
        this.guard = guard;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return guard.serve(event, context, this::route);
    }

    private APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
        return switch (request.routeKey()) {
            case "GET /v1/orders" -> listOrders(request, tenant);
            case "GET /v1/orders/{orderId}" -> ApiResponses.json(200, orderOf(request, tenant));
            case "GET /v1/orders/{orderId}/audit" -> audit(orderOf(request, tenant));
            default -> ApiResponses.problem(Problem.of(404, "RouteNotFound", "no route " + request.routeKey()));
        };
    }

    private Order orderOf(ApiRequest request, String tenant) {
        String orderId = request.path("orderId");
        Telemetry.correlate(Telemetry.ORDER_ID, orderId);
        return orders.get(tenant, orderId);
    }

    private APIGatewayV2HTTPResponse listOrders(ApiRequest request, String tenant) {
        int limit = request.queryInt("limit", 50, 1, 100);
        String cursor = request.query("cursor").orElse(null);
        Page<Order> page = request.query("state")
                .map(state -> orders.listByState(tenant, parseState(state), limit, cursor))
                .orElseGet(() -> orders.listRecent(tenant, limit, cursor));
        return ApiResponses.json(200, page);
    }

    private APIGatewayV2HTTPResponse audit(Order order) {
        var trail = orders.history(order.tenantId(), order.orderId());
        var verification = AuditLog.verify(trail, order.version(), order.auditHead());
        return ApiResponses.json(200, Map.of("entries", trail, "verification", verification));
    }

    private static OrderState parseState(String value) {
        try {
            return OrderState.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new ValidationFailed("state", "state must be one of " + Arrays.toString(OrderState.values()));
        }
    }
}
