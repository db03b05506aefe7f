package com.creatorflow.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.creatorflow.shared.config.Env;
import com.creatorflow.shared.error.ValidationFailed;
import com.creatorflow.shared.http.ApiGuard;
import com.creatorflow.shared.http.ApiHandler;
import com.creatorflow.shared.http.ApiRequest;
import com.creatorflow.shared.http.ApiResponses;
import com.creatorflow.shared.observability.Telemetry;
import com.creatorflow.shared.order.Order;
import com.creatorflow.shared.order.OrderState;
import com.creatorflow.shared.order.TikTokOrderStatus;
import com.creatorflow.shared.shipping.Handover;
import com.creatorflow.shared.store.AuditLog;
import com.creatorflow.shared.store.OrderFilters;
import com.creatorflow.shared.store.OrderQuery;
import com.creatorflow.shared.store.OrderRepository;
import com.creatorflow.shared.store.Page;
import com.creatorflow.shared.workflow.BulkActions;
import com.creatorflow.shared.workflow.OrderCancellations;
import com.creatorflow.shared.workflow.WorkflowStarter;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The creators' orders API: list, search and filter orders (state, needs attention, SKU, tag, carrier, TikTok
 * status, created, paid and updated time, order id, tracking number, buyer name or phone; sorted by created or
 * updated time), read one order (with its {@code ETag}), read its timeline (the audit trail with its chain check),
 * cancel an order, mark its parcels handed to the carrier, and run bulk actions (cancel, approve, retry) over many
 * orders.
 */
public final class CreatorApiHandler extends ApiHandler {
    /** A bulk action names up to {@value BulkActions#MAX_ORDERS} ids of up to 128 characters. */
    private static final int BULK_BODY_BYTES = 128 * 1024;
    private final OrderRepository orders;
    private final OrderCancellations cancellations;
    private final BulkActions bulk;
    private final Handover handover;

    /** Lambda's constructor: collaborators from the process environment. */
    public CreatorApiHandler() {
        this(Env.system());
    }

    /** Collaborators from an explicit environment (local runtime). */
    public CreatorApiHandler(Env env) {
        this(OrderRepository.fromEnv(env), new OrderCancellations(OrderRepository.fromEnv(env),
                WorkflowStarter.fromEnv(env, "CANCELLATION_STATE_MACHINE_ARN")),
                new BulkActions(env.aws().stepFunctions(), env.require("BULK_ACTIONS_STATE_MACHINE_ARN")),
                ApiGuard.fromEnv(env));
    }

    /** Explicit collaborators (tests). */
    public CreatorApiHandler(OrderRepository orders, OrderCancellations cancellations, BulkActions bulk,
                             ApiGuard guard) {
        super(guard);
        this.orders = orders;
        this.cancellations = cancellations;
        this.bulk = bulk;
        this.handover = new Handover(orders);
    }

    @Override
    protected APIGatewayV2HTTPResponse route(ApiRequest request, String tenant) {
        return switch (request.routeKey()) {
            case "GET /v1/orders" -> listOrders(request, tenant);
            case "GET /v1/orders/{orderId}" -> {
                Order order = orderOf(request, tenant);
                yield ApiResponses.json(200, order, order.version());
            }
            case "GET /v1/orders/{orderId}/audit" -> audit(orderOf(request, tenant));
            case "POST /v1/orders/{orderId}/cancel" -> cancel(request, tenant);
            case "POST /v1/orders/{orderId}/shipped" -> ApiResponses.json(200, handover.markShipped(tenant,
                    request.path("orderId"), "user:" + request.memberId()));
            case "POST /v1/bulk-actions" -> startBulk(request, tenant);
            case "GET /v1/bulk-actions/{jobId}" -> ApiResponses.json(200, bulk.status(tenant, request.path("jobId")));
            default -> noRoute(request);
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
        Optional<String> orderId = request.queryId("q");
        if (orderId.isPresent()) {
            return ApiResponses.json(200, new Page<>(orders.find(tenant, orderId.get()).stream().toList(), null));
        }
        OrderQuery query = OrderFilters.parse(request::query, "");
        return ApiResponses.json(200, orders.search(tenant, query, limit, cursor));
    }

    private APIGatewayV2HTTPResponse cancel(ApiRequest request, String tenant) {
        String orderId = request.path("orderId");
        Telemetry.correlate(Telemetry.ORDER_ID, orderId);
        JsonNode body = request.optionalJsonBody("reason");
        if (request.ifMatchVersion().isPresent()) {
            request.requireMatch(orders.get(tenant, orderId).version());
        }
        String executionArn = cancellations.cancel(tenant, orderId, textOrNull(body, "reason"),
                "user:" + request.subject());
        return ApiResponses.json(202, Map.of("orderId", orderId, "executionArn", executionArn));
    }

    private APIGatewayV2HTTPResponse startBulk(ApiRequest request, String tenant) {
        JsonNode body = request.jsonBody(BULK_BODY_BYTES, "action", "orderIds", "reason");
        String jobId = bulk.start(tenant, textOrNull(body, "action"), ApiRequest.ids(body, "orderIds"),
                textOrNull(body, "reason"),
                "user:" + request.subject());
        return ApiResponses.json(202, Map.of("jobId", jobId));
    }

    private static String textOrNull(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }

    private APIGatewayV2HTTPResponse audit(Order order) {
        var trail = orders.history(order.tenantId(), order.orderId());
        var verification = AuditLog.verify(trail, order.version(), order.auditHead());
        return ApiResponses.json(200, Map.of("entries", trail, "verification", verification));
    }
}
